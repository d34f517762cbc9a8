"""The loudness cache: each music file's measurement, valid while the file is unchanged."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from pap_guide.core.loudness import Measurement
from pap_guide.store.connection import Records


def file_key(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns): a changed file gets a new key."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _name(path: Path) -> str:
    """One name per file, however a playlist wrote its way there (../, links)."""
    return str(path.resolve())


class TrackLevels:
    """Reads and writes the ``track_levels`` table."""

    def __init__(self, db: Records) -> None:
        self.db = db

    def get(self, path: Path) -> Measurement | str | None:
        """The measurement, the reason it could not be made, or None (not measured yet)."""
        key = file_key(path)
        if key is None:
            return None
        rows = list(
            self.db.query(
                "SELECT * FROM track_levels WHERE path = ? AND size = ? AND mtime_ns = ?",
                [_name(path), *key],
            )
        )
        if not rows:
            return None
        row = rows[0]
        if row["error"]:
            return str(row["error"])
        return Measurement(
            row["lufs"],
            row["true_peak"],
            row["duration"],
            row["lead_silence"] or 0.0,
            row["tail_silence"] or 0.0,
        )

    def put(self, path: Path, key: tuple[int, int], found: Measurement | str) -> None:
        """Keep what a scan of ``path`` (as it was at ``key``) found."""
        row: dict[str, object] = {
            "path": _name(path),
            "size": key[0],
            "mtime_ns": key[1],
            "measured_utc": datetime.now(UTC).isoformat(),
            "error": found if isinstance(found, str) else None,
        }
        if isinstance(found, Measurement):
            row |= {
                "lufs": found.lufs,
                "true_peak": found.true_peak,
                "duration": found.duration,
                "lead_silence": found.lead_silence,
                "tail_silence": found.tail_silence,
            }
        with self.db.conn:
            self.db.table("track_levels").upsert(row, pk="path")
