"""Playback history: every track start and end, append-only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pap_guide.core.conductor import Play


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


class PlayRepository:
    """Saves plays as they happen; each write commits before returning."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def track_started(self, play: Play) -> Play:
        row = {
            "session_id": play.session_id,
            "kind": "start",
            "utc": play.utc.isoformat(),
            "session_seconds": play.session_seconds,
            "phase": play.phase,
            "file": str(play.path),
            "title": play.title,
        }
        with self.db.atomic():
            row_id = self.db.table("plays").insert(row).last_pk
        return Play(
            play.session_id,
            play.utc,
            play.session_seconds,
            play.phase,
            play.path,
            play.title,
            id=row_id,
        )

    def track_ended(self, play: Play, utc: datetime, session_seconds: float, reason: str) -> None:
        row = {
            "session_id": play.session_id,
            "kind": "end",
            "start_id": play.id,
            "utc": utc.isoformat(),
            "session_seconds": session_seconds,
            "phase": play.phase,
            "file": str(play.path),
            "title": play.title,
            "reason": reason,
        }
        with self.db.atomic():
            self.db.table("plays").insert(row)

    def plays(self, session_id: int) -> list[Play]:
        """Track starts of a session, oldest first."""
        rows = self.db.table("plays").rows_where(
            "session_id = ? AND kind = 'start'", [session_id], order_by="id"
        )
        return [_play(row) for row in rows]

    def history(self, session_id: int) -> list[dict[str, Any]]:
        """Every start and end row, oldest first."""
        return list(
            self.db.table("plays").rows_where("session_id = ?", [session_id], order_by="id")
        )
