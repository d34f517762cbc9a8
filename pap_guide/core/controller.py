"""The session controller: the one place that changes a session.

It turns the guide's actions (start, dose, next phase, extend, end) into
events, saves each through the store before reporting success, and answers
"where are we now?" from the protocol and the saved events.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from pap_guide.core import session as ev
from pap_guide.core.clock import Clock, JumpDetector, RehearsalClock
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import Event, SessionRecord, SessionState, Timeline


class SessionStore(Protocol):
    """What the controller needs from storage."""

    def create_session(
        self,
        protocol_key: str,
        created: datetime,
        rehearsal: bool,
        speed: float,
        anchor: datetime | None,
        patient: str = "",
        session_type: str = "dosing",
    ) -> SessionRecord: ...

    def patient_sessions(self, patient: str) -> list[SessionRecord]: ...

    def add_event(self, session_id: int, event: Event) -> Event: ...

    def events(self, session_id: int) -> list[Event]: ...

    def open_session(self) -> SessionRecord | None: ...


class SessionError(RuntimeError):
    """An action that does not fit the session's state."""


class SessionController:
    """Starts, moves and ends sessions; everything it does is saved first."""

    def __init__(
        self, clock: Clock, store: SessionStore, protocols: Mapping[str, SessionProtocol]
    ) -> None:
        self.clock = clock
        self.store = store
        self.protocols = protocols
        self.session: SessionRecord | None = None
        self.protocol: SessionProtocol | None = None
        self._events: list[Event] = []
        self._timeline: Timeline | None = None
        self._jumps = JumpDetector(clock)

    def resume(self) -> bool:
        """Pick up the open session from the store, if there is one."""
        record = self.store.open_session()
        if record is None or record.protocol_key not in self.protocols:
            return False
        self._load(record, self.store.events(record.id))
        return True

    def _load(self, record: SessionRecord, events: list[Event]) -> None:
        self.session = record
        self.protocol = self.protocols[record.protocol_key]
        self._events = events
        self._timeline = Timeline(self.protocol, events)

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    def state(self) -> SessionState | None:
        if self._timeline is None:
            return None
        return self._timeline.state(self.clock.now())

    def is_open(self) -> bool:
        return self._timeline is not None and self._timeline.ended_at is None

    def start(
        self,
        protocol_key: str,
        *,
        dose_now: bool = True,
        patient: str = "",
        session_type: str = "dosing",
    ) -> SessionRecord:
        """Open a new session; with ``dose_now`` the dose is recorded at once."""
        if self.is_open():
            raise SessionError("A session is already open: end it first.")
        if protocol_key not in self.protocols:
            raise SessionError(f"Unknown protocol {protocol_key!r}.")
        rehearsal = isinstance(self.clock, RehearsalClock)
        speed = self.clock.speed if isinstance(self.clock, RehearsalClock) else 1.0
        anchor = self.clock.anchor if isinstance(self.clock, RehearsalClock) else None
        record = self.store.create_session(
            protocol_key, self.clock.now(), rehearsal, speed, anchor, patient, session_type
        )
        self._load(record, [])
        self.record(
            ev.STARTED,
            {
                "protocol": protocol_key,
                "rehearsal": rehearsal,
                "patient": patient,
                "session_type": session_type,
            },
        )
        if dose_now:
            self.record_dose()
        return record

    def record_dose(
        self, when: datetime | None = None, details: dict[str, Any] | None = None
    ) -> None:
        """Record a dose given at ``when`` (now unless given). The first sets T0."""
        self._require_open()
        moment = when or self.clock.now()
        if moment > self.clock.now():
            raise SessionError("A dose cannot be recorded in the future.")
        if self.session is not None and moment < self.session.created:
            raise SessionError("A dose cannot be earlier than the session's start.")
        self.record(ev.DOSE, {**(details or {}), "dose_utc": moment.isoformat()})

    def advance_phase(self) -> None:
        """Start the next phase now; later phases move with it."""
        shift = self._require_open().advance_shift(self.clock.now())
        if shift is None:
            raise SessionError("There is no next phase to move to.")
        self.record(ev.PHASE_ADVANCED, {"boundary": shift[0], "seconds": shift[1]})

    def extend_phase(self, minutes: float) -> None:
        """Make the current phase ``minutes`` longer; later phases move with it."""
        if not 0 < minutes <= 240:
            raise SessionError("Extend by 1 to 240 minutes.")
        timeline = self._require_open()
        if timeline.dose_at is None:
            raise SessionError("Record the dose before moving phases.")
        boundary, seconds = timeline.extend_shift(self.clock.now(), minutes)
        self.record(ev.PHASE_EXTENDED, {"boundary": boundary, "seconds": seconds})

    def end(self, reason: str = "", outcome: str = "") -> None:
        self._require_open()
        data = {k: v for k, v in (("reason", reason), ("outcome", outcome)) if v}
        self.record(ev.ENDED, data)

    def check_clock(self) -> float:
        """Log a wall-clock jump since the last check; returns its size (0 if none)."""
        jump = self._jumps.check()
        if jump and self.is_open():
            self.record(ev.CLOCK_JUMP, {"seconds": jump})
        return jump

    def _require_open(self) -> Timeline:
        if self._timeline is None or self._timeline.ended_at is not None:
            raise SessionError("No session is open.")
        return self._timeline

    def record(self, kind: str, data: dict[str, Any]) -> Event:
        """Append an event to the open session (saved before this returns)."""
        assert self._timeline is not None and self.session is not None
        state = self.state()
        event = Event(
            kind=kind,
            utc=self.clock.now(),
            session_seconds=None if state is None or state.pre_dose else state.elapsed,
            phase=None if state is None or state.pre_dose else state.phase_name,
            data=data,
        )
        saved = self.store.add_event(self.session.id, event)
        self._events.append(saved)
        self._timeline = Timeline(self._timeline.protocol, self._events)
        return saved
