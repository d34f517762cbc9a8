"""The last moment the app was known to be running, kept beside the records.

A track still sounding when the app was killed gets its end at the next
start. The last saved action can be long before that: an hour with nothing
logged put a twenty-minute piece's end at its own start, and the restart
said the app had been away the whole hour. So every ALIVE_SECONDS of a
session the app notes the moment in a small file, and a restart takes the
later of the two. Not synced to disk: a killed process loses nothing the
kernel holds, and after a power cut an older moment (or the last action) is
taken. The file only ever moves an end later within what is known: it is
not a record, and a moment it holds outside the session's run is ignored.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pap_guide.core.actions import Stamp, stamp
from pap_guide.core.clock import Clock
from pap_guide.core.private_files import write_private
from pap_guide.core.session import SessionState

ALIVE_SECONDS = 10.0
SLACK_SECONDS = 5.0  # a session time this far past the wall clock's is still the same run


def alive_file(database: Path) -> Path:
    """Named after the whole file name: clinic.db and clinic.sqlite keep their own."""
    return database.with_name(f"{database.name}.alive")


def note_alive(path: Path, session_id: int, at: Stamp) -> None:
    """Keep ``at`` as the session's latest known moment; a refusing disk loses only it."""
    text = json.dumps(
        {
            "session": session_id,
            "utc": at.utc.isoformat(),
            "session_seconds": at.session_seconds,
            "phase": at.phase,
        }
    )
    with contextlib.suppress(OSError):
        write_private(path, text.encode("utf-8"), durable=False)


def last_alive(path: Path, session_id: int) -> Stamp | None:
    """The moment kept for ``session_id``; None when there is none or it is not one."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        if found["session"] != session_id:
            return None
        utc = datetime.fromisoformat(found["utc"])
        seconds = found["session_seconds"]
        seconds = None if seconds is None else float(seconds)
        phase = found["phase"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if utc.tzinfo is None or (seconds is not None and not math.isfinite(seconds)):
        return None  # never written so: an edited file
    return Stamp(utc, seconds, phase if isinstance(phase, str) else None)


def latest_known(last: Stamp, alive: Stamp | None, now: datetime, speed: float = 1.0) -> Stamp:
    """The later of the last saved action and the moment kept, when that moment lies
    between the action and now, and its session time moved on from the action's by
    no more than the wall clock did (at the session's speed)."""
    if alive is None or not last.utc <= alive.utc <= now:
        return last
    if alive.session_seconds is None:
        return alive if last.session_seconds is None else last
    passed = (alive.utc - last.utc).total_seconds() * speed
    moved = alive.session_seconds - (last.session_seconds or 0.0)
    return alive if 0.0 <= moved <= passed + SLACK_SECONDS else last


class AliveNotes:
    """Notes the moment each ALIVE_SECONDS (of real time) while a dosed session runs."""

    def __init__(self, path: Path, clock: Clock, monotonic: Callable[[], float]) -> None:
        self.path, self.clock, self.monotonic = path, clock, monotonic
        self._due = 0.0

    def tick(self, session_id: int | None, state: SessionState | None) -> None:
        if session_id is None or state is None or state.ended or self.monotonic() < self._due:
            return
        self._due = self.monotonic() + ALIVE_SECONDS
        note_alive(self.path, session_id, stamp(self.clock, state))
