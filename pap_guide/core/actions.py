"""Actions: every change to a session's record, built once when the person acts.

An action holds the rows it adds (a new session, events, log entries, track
starts and ends), each with its id, times, phase, track and author fixed at
the moment of acting. The store commits an action in one transaction, all of
it or none of it; a retry commits the very same rows, so nothing is ever
restamped, and the action's own id makes a second commit of it a no-op.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pap_guide.core.clock import Clock
from pap_guide.core.entries import Entry
from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.session import Event, SessionRecord, SessionState

TABLES = ("sessions", "events", "entries", "plays")


class StoreRefused(RuntimeError):
    """The disk or database would not take a commit now (full, read-only, I/O, locked).

    Only this is retried: any other exception while saving is a bug.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Stamp:
    """When an action was taken, on every clock that can tell."""

    utc: datetime
    session_seconds: float | None  # None before the dose
    phase: str | None
    boot_id: str = ""  # the kernel's boot id: BOOTTIME readings compare within one boot
    boottime: float | None = None  # CLOCK_BOOTTIME seconds (counts through suspend)


def stamp(clock: Clock, state: SessionState | None) -> Stamp:
    """Now, and where the session is now."""
    dosed = state is not None and not state.pre_dose
    return Stamp(
        clock.now(),
        state.elapsed if dosed and state is not None else None,
        state.phase_name if dosed and state is not None else None,
        clock.boot_id(),
        clock.boottime(),
    )


def new_key() -> str:
    """An action's key, unique to it: 32 random hex digits, as long as a UUID's.

    Not ``uuid.uuid4().hex``: the uuid module brings platform with it (some 7 ms
    of every start, which records the restart)."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Action:
    """One change to the record: committed whole, in the order it was made."""

    what: str  # plain words for the screen: "note", "dose", "session set-up"
    stamp: Stamp
    session_id: int
    session: SessionRecord | None = None  # a session this action opens
    events: tuple[Event, ...] = ()
    entries: tuple[Entry, ...] = ()
    plays: tuple[Play, ...] = ()
    play_ends: tuple[PlayEnd, ...] = ()
    key: str = field(default_factory=new_key)

    def rows(self) -> int:
        return (
            (self.session is not None)
            + len(self.events)
            + len(self.entries)
            + len(self.plays)
            + len(self.play_ends)
        )


class ActionStore(Protocol):
    """What the recorder needs from storage."""

    def last_ids(self) -> dict[str, int]:
        """The highest id in use in each of TABLES (0 when empty)."""
        ...

    def commit(self, action: Action) -> None:
        """Write every row of ``action`` in one transaction, or raise StoreRefused."""
        ...
