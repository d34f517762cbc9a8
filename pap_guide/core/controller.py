"""The session controller: the one place that changes a session.

It turns the guide's actions (start, dose, next phase, extend, end) into
actions for the recorder, each built once with its time and place in the
session, and answers "where are we now?" from the protocol and the events.
An action holds for the session at once, even while the disk makes it wait
(a pending dose still starts the clock; a pending phase move still moves).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from pap_guide.core.actions import Action, stamp
from pap_guide.core.clock import Clock, JumpDetector, RehearsalClock
from pap_guide.core.plays import PlayEnd
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import (
    MAX_JUMP,
    Event,
    EventKind,
    SessionRecord,
    SessionState,
    Timeline,
)
from pap_guide.core.timefmt import duration_text

Step = tuple[EventKind, dict[str, Any]]  # one event of an action: kind and data


class SessionStore(Protocol):
    """What the controller reads from storage (writes go through the recorder)."""

    def patient_sessions(self, patient: str) -> list[SessionRecord]: ...

    def events(self, session_id: int) -> list[Event]: ...

    def open_session(self) -> SessionRecord | None: ...

    def latest_session(self) -> SessionRecord | None: ...


FIRST_DOSE, SESSION_START = "The first dose", "The session's start"  # a dose's bounds


class SessionError(RuntimeError):
    """An action that does not fit the session's state."""


def session_clock(
    base: Clock, open_session: SessionRecord | None, speed: float
) -> tuple[Clock, str]:
    """The clock for this run, and a problem to show ('' if none).

    An open rehearsal resumes at its own speed from its anchor; a real open
    session runs on real time whatever ``--speed`` says.
    """
    if open_session is not None and open_session.rehearsal and open_session.anchor:
        return RehearsalClock(base, open_session.speed, open_session.anchor), ""
    if open_session is not None:
        ignored = "A real session is open, so --speed is ignored until it ends."
        return base, ignored if speed != 1.0 else ""
    if speed != 1.0:
        return RehearsalClock(base, speed, base.now()), ""
    return base, ""


class SessionController:
    """Starts, moves and ends sessions, each change one action of the record."""

    def __init__(
        self,
        clock: Clock,
        store: SessionStore,
        protocols: Mapping[str, SessionProtocol],
        recorder: Recorder,
    ) -> None:
        self.clock = clock
        self.store = store
        self.protocols = protocols
        self.recorder = recorder
        self.session: SessionRecord | None = None
        self.protocol: SessionProtocol | None = None
        self._events: list[Event] = []
        self._timeline: Timeline | None = None
        self._floor = 0.0  # the last saved session time (entries included)
        self._jumps = JumpDetector(clock)
        self.fixed = False  # the last jump found was the doubted clock's fix

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
        self._floor = 0.0
        self._rebuild()

    def _rebuild(self) -> None:
        assert self.protocol is not None
        self._timeline = Timeline(self.protocol, self._events)
        self._timeline.floor = max(self._timeline.floor, self._floor)

    def absorb(self, actions: Sequence[Action]) -> None:
        """Earlier actions of this session, added late (recovered): they hold at once."""
        for action in actions:
            if action.session is not None and self.session is None:
                self._load(action.session, [])
            if self.session is not None and action.session_id == self.session.id:
                self._events.extend(action.events)
        self._events.sort(key=lambda event: event.id or 0)  # ids follow the order of acting
        if self._timeline is not None:
            self._rebuild()

    def keep_at_least(self, seconds: float) -> None:
        """The session clock never shows less than ``seconds`` (the last saved time)."""
        self._floor = max(self._floor, seconds)
        if self._timeline is not None:
            self._rebuild()

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
        then: Sequence[Step] = (),
    ) -> SessionRecord:
        """Open a new session (with the events ``then``), as one action."""
        if self.is_open():
            raise SessionError("A session is already open: end it first.")
        if protocol_key not in self.protocols:
            raise SessionError(f"Unknown protocol {protocol_key!r}.")
        clock = self.clock
        rehearsal = isinstance(clock, RehearsalClock)
        record = SessionRecord(
            self.recorder.new_id("sessions"),
            protocol_key,
            clock.now(),
            rehearsal,
            clock.speed if isinstance(clock, RehearsalClock) else 1.0,
            clock.anchor if isinstance(clock, RehearsalClock) else None,
            patient,
            session_type,
        )
        self._load(record, [])
        started = {
            "protocol": protocol_key,
            "rehearsal": rehearsal,
            "patient": patient,
            "session_type": session_type,
        }
        steps: list[Step] = [(EventKind.STARTED, started), *then]
        if dose_now:
            steps.append((EventKind.DOSE, {"dose_utc": clock.now().isoformat()}))
        self.act("session set-up", steps, opens=record)
        return record

    def record_dose(
        self,
        when: datetime | None = None,
        details: dict[str, Any] | None = None,
        then: Sequence[Step] = (),
    ) -> None:
        """Record a dose given at ``when`` (now unless given). The first sets T0."""
        moment = self.dose_time(when)
        dose = {**(details or {}), "dose_utc": moment.isoformat()}
        self.act("dose", [(EventKind.DOSE, dose), *then])

    def dose_time(self, when: datetime | None = None) -> datetime:
        """When a dose given at ``when`` (now unless given) was given; refused when it
        cannot have been."""
        self._require_open()
        now = self.clock.now()
        moment = when or now
        if moment > now:
            raise SessionError("A dose cannot be recorded in the future.")
        earliest = self.earliest_dose()
        if earliest is not None and (now - moment).total_seconds() > earliest[0]:
            if earliest[1] == FIRST_DOSE:  # before T0 it would sit before the first everywhere
                raise SessionError(
                    "A later dose cannot be earlier than the first dose, "
                    f"given {duration_text(earliest[0])} ago."
                )
            raise SessionError("A dose cannot be earlier than the session's start.")
        return moment

    def earliest_dose(self) -> tuple[float, str] | None:
        """How many seconds before now a dose can have been given, and what bounds it:
        the first dose (for a later one) or the session's start. Counted on the clock
        as it reads now: set back an hour since, the laptop's clock read every dose
        "now" as before them, and each was refused."""
        timeline, session = self._timeline, self.session
        if timeline is None or session is None:
            return None
        now = self.clock.now()
        if timeline.dose_at is not None:
            return timeline.elapsed(now), FIRST_DOSE
        since = (now - session.created).total_seconds() - timeline.moved_before_dose
        return since, SESSION_START

    def advance_phase(self) -> None:
        """Start the next phase now; later phases move with it."""
        shift = self._require_open().advance_shift(self.clock.now())
        if shift is None:
            raise SessionError("There is no next phase to move to.")
        data = {"boundary": shift[0], "seconds": shift[1]}
        self.act("next phase", [(EventKind.PHASE_ADVANCED, data)])

    def extend_phase(self, minutes: float) -> None:
        """Make the current phase ``minutes`` longer; later phases move with it."""
        if not 0 < minutes <= 240:
            raise SessionError("Extend by 1 to 240 minutes.")
        timeline = self._require_open()
        if timeline.dose_at is None:
            raise SessionError("Record the dose before moving phases.")
        boundary, seconds = timeline.extend_shift(self.clock.now(), minutes)
        data = {"boundary": boundary, "seconds": seconds}
        self.act("phase extended", [(EventKind.PHASE_EXTENDED, data)])

    def move_back(self, event_id: int) -> None:
        """Undo the phase move ``event_id`` with the opposite shift; the move stays recorded."""
        self._require_open()
        moved = next((e for e in self.events if e.id == event_id), None)
        if moved is None or moved.kind not in (EventKind.PHASE_ADVANCED, EventKind.PHASE_EXTENDED):
            raise SessionError("There is no phase move to undo.")
        if any(
            e.kind == EventKind.PHASE_MOVED_BACK and e.data.get("undoes") == event_id
            for e in self.events
        ):
            raise SessionError("That phase move was already undone.")
        data = {
            "boundary": moved.data["boundary"],
            "seconds": -float(moved.data["seconds"]),
            "undoes": event_id,
            "what": "next phase" if moved.kind == EventKind.PHASE_ADVANCED else "extension",
        }
        self.act("phase moved back", [(EventKind.PHASE_MOVED_BACK, data)])

    def end(self, reason: str = "", outcome: str = "", first: Sequence[Step] = ()) -> None:
        """Close the session; ``first`` (discharge ticks, an override) goes in the same action."""
        self._require_open()
        data = {k: v for k, v in (("reason", reason), ("outcome", outcome)) if v}
        self.act("session end", [*first, (EventKind.ENDED, data)])

    def clock_doubted(self) -> bool:
        """Whether the session clock was read from a wall clock that a restart could
        not check (after a reboot), and that clock has not been set right since."""
        doubt = self._timeline.doubt if self._timeline is not None else None
        return doubt is not None and not doubt.fixed

    def check_clock(self) -> float:
        """Log a wall-clock jump since the last check; returns its size (0 if none).

        After a doubted restart a jump the restart's reading allows is the clock
        being set right (the banner asked for it): the session clock follows it,
        and the record says so (``fixed`` tells the caller).
        """
        self.fixed = False
        jump = self._jumps.check()
        if abs(jump) > MAX_JUMP:  # not a moved clock but a broken one: never into the record
            return 0.0
        if jump and self.is_open():
            if self._timeline is not None and self._timeline.takes_as_fix(jump):
                self.record_fix(jump)
            else:
                self.record_jump({"seconds": jump})
        return jump

    def record_fix(self, seconds: float, data: dict[str, Any] | None = None) -> None:
        """The doubted clock set right by ``seconds``; stamped at the session time the
        fix gives (worked out with it applied)."""
        assert self.protocol is not None
        fix = {"seconds": seconds, **(data or {}), "corrects": "restart"}
        now = self.clock.now()
        fixed = Timeline(self.protocol, [*self._events, Event(EventKind.CLOCK_JUMP, now, data=fix)])
        fixed.floor = max(fixed.floor, self._floor)
        self.act("clock set right", [(EventKind.CLOCK_JUMP, fix)], state=fixed.state(now))
        self.fixed = True

    def record_jump(self, data: dict[str, Any]) -> None:
        """A wall-clock jump of ``data["seconds"]``, stamped with the clock as it reads
        now but at the session time and phase it corrects to: stamped on the jumped
        clock, a jump 3 h on at T+1:00 sat at T+4:00 in the record, and after a
        restart that stamp held the session clock at T+4:00 (the clock never goes back
        past a saved action)."""
        assert self._timeline is not None
        jumped = timedelta(seconds=float(data["seconds"]))
        self.act("clock jump", [(EventKind.CLOCK_JUMP, data)], at=self.clock.now() - jumped)

    def _require_open(self) -> Timeline:
        if self._timeline is None or self._timeline.ended_at is not None:
            raise SessionError("No session is open.")
        return self._timeline

    def record(self, kind: EventKind, data: dict[str, Any], what: str = "") -> None:
        """One event as one action."""
        self.act(what or kind.replace("_", " "), [(kind, data)])

    def act(
        self,
        what: str,
        steps: Sequence[Step],
        opens: SessionRecord | None = None,
        play_ends: tuple[PlayEnd, ...] = (),
        at: datetime | None = None,
        state: SessionState | None = None,
    ) -> Action:
        """Build the events of one action now, apply them at once, queue them to commit
        (``at``: the wall time whose session time and phase the action is given;
        ``state``: the session time and phase themselves)."""
        assert self._timeline is not None and self.session is not None
        if state is None:
            state = self._timeline.state(at) if at else self.state()
        when = stamp(self.clock, state)
        events = tuple(
            Event(
                kind=kind,
                utc=when.utc,
                session_seconds=when.session_seconds,
                phase=when.phase,
                data=data,
                id=self.recorder.new_id("events"),
            )
            for kind, data in steps
        )
        action = Action(
            what, when, self.session.id, session=opens, events=events, play_ends=play_ends
        )
        self._events.extend(events)
        self._rebuild()
        self.recorder.submit(action)
        return action
