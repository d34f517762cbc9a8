"""Playback history: every track start and end, append-only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pap_guide.core.plays import Play, PlayEnd
from pap_guide.store.connection import Records


def _play(row: dict[str, Any]) -> Play:
    return Play(
        row["session_id"],
        datetime.fromisoformat(row["utc"]),
        row["session_seconds"],
        row["phase"],
        Path(row["file"]),
        row["title"],
        id=row["id"],
    )


def play_row(play: Play) -> dict[str, Any]:
    return {
        "id": play.id,
        "session_id": play.session_id,
        "kind": "start",
        "utc": play.utc.isoformat(),
        "session_seconds": play.session_seconds,
        "phase": play.phase,
        "file": str(play.path),
        "title": play.title,
    }


def play_end_row(end: PlayEnd) -> dict[str, Any]:
    start = end.start
    return {
        **play_row(start),
        "id": end.id,
        "kind": "end",
        "start_id": start.id,
        "utc": end.utc.isoformat(),
        "session_seconds": end.session_seconds,
        "reason": end.reason,
    }


class PlayRepository:
    """Reads the playback history (actions write it: store/actions.py)."""

    def __init__(self, db: Records) -> None:
        self.db = db

    def plays(self, session_id: int) -> list[Play]:
        """Track starts of a session, oldest first."""
        rows = self.db.rows("plays", "session_id = ? AND kind = 'start'", [session_id])
        return [_play(row) for row in rows]

    def ends(self, session_id: int) -> list[PlayEnd]:
        """Track ends of a session (each with the start it closes), oldest first."""
        starts = {play.id: play for play in self.plays(session_id)}
        rows = self.db.rows("plays", "session_id = ? AND kind = 'end'", [session_id])
        return [
            PlayEnd(
                starts[row["start_id"]],
                datetime.fromisoformat(row["utc"]),
                row["session_seconds"],
                row["reason"] or "",
                id=row["id"],
            )
            for row in rows
            if row["start_id"] in starts
        ]

    def unfinished(self, session_id: int) -> list[Play]:
        """Track starts with no end row (the app stopped while they played)."""
        rows = self.db.query(
            "SELECT * FROM plays s WHERE s.session_id = ? AND s.kind = 'start' AND NOT EXISTS "
            "(SELECT 1 FROM plays e WHERE e.kind = 'end' AND e.start_id = s.id) ORDER BY s.id",
            [session_id],
        )
        return [_play(row) for row in rows]

    def history(self, session_id: int) -> list[dict[str, Any]]:
        """Every start and end row, oldest first."""
        return self.db.rows("plays", "session_id = ?", [session_id])
