"""Tracks sounding in a session: each start and each end is a row of the record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Play:
    """One track sounding in a session, as saved in the history."""

    session_id: int
    utc: datetime
    session_seconds: float
    phase: str
    path: Path
    title: str
    id: int | None = None


@dataclass(frozen=True)
class PlayEnd:
    """Why and when a track stopped sounding."""

    start: Play
    utc: datetime
    session_seconds: float
    reason: str
    id: int | None = None
