"""Sessions as a list of events, and the clock state derived from them.

Nothing about a session is ever overwritten: starting it, the dose, every
phase move, every wall-clock jump and the end are events. The state shown on
screen (elapsed time, phase, progress) is computed from the protocol and
those events at a given moment, so a restart rebuilds exactly the same state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pap_guide.core.clock_fix import RestartDoubt
from pap_guide.core.protocol import SessionProtocol

MAX_JUMP = 400 * 86400.0  # seconds: a wall clock "jumping" further is broken, not moved


class EventKind(StrEnum):
    """What an event records (the ``kind`` column of the events table)."""

    STARTED = "session_started"
    DOSE = "dose"
    PHASE_ADVANCED = "phase_advanced"
    PHASE_EXTENDED = "phase_extended"
    PHASE_MOVED_BACK = "phase_moved_back"  # an Undo of a phase move: the opposite shift
    CLOCK_JUMP = "clock_jump"
    ENDED = "session_ended"
    PERSON = "person_joined"
    LEFT = "person_left"  # taken off the People… list mid-session: gone, not stepped out
    STEPPED_OUT = "stepped_out"
    STEPPED_BACK = "stepped_back"
    CHECKLIST = "checklist_ticked"
    DISCHARGE = "discharge_ticked"
    OVERRIDE = "override"
    RECOVERED = "actions_recovered"  # unsaved actions added back after a restart
    RESUMED = "resumed"  # the app started again on an open session (after a crash or a close)


PHASE_MOVES = (EventKind.PHASE_ADVANCED, EventKind.PHASE_EXTENDED, EventKind.PHASE_MOVED_BACK)


@dataclass(frozen=True)
class SessionRecord:
    """A session as first created; never changed afterwards."""

    id: int
    protocol_key: str
    created: datetime
    rehearsal: bool = False
    speed: float = 1.0
    anchor: datetime | None = None  # real time a rehearsal clock counts from
    patient: str = ""  # pseudonymous code, never a name
    session_type: str = "dosing"  # preparation, dosing or integration


@dataclass(frozen=True)
class Event:
    """Something that happened to a session, stamped when it happened."""

    kind: EventKind
    utc: datetime
    session_seconds: float | None = None
    phase: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class SessionState:
    """Where a session stands at one moment."""

    pre_dose: bool
    ended: bool
    elapsed: float  # session seconds since the dose (0 before it)
    phase_index: int | None
    phase_name: str
    phase_start: float
    phase_end: float
    planned_end: float
    phase_starts: tuple[float, ...]

    @property
    def progress(self) -> float:
        """How far through the current phase, 0..1."""
        span = self.phase_end - self.phase_start
        if self.phase_index is None or span <= 0:
            return 0.0
        return min(1.0, max(0.0, (self.elapsed - self.phase_start) / span))

    @property
    def time_to_next(self) -> float | None:
        """Seconds to the next phase; None in the last phase."""
        if self.phase_index is None or self.phase_index + 1 >= len(self.phase_starts):
            return None
        return max(0.0, self.phase_end - self.elapsed)

    @property
    def overrun(self) -> float:
        """Seconds past the planned end (0 while within it)."""
        return max(0.0, self.elapsed - self.planned_end) if not self.pre_dose else 0.0


@dataclass(frozen=True)
class PhaseSpan:
    """One phase as it runs in a session: its name and session-seconds span."""

    name: str
    start: float
    end: float


def phase_spans(
    protocol: SessionProtocol, starts: Sequence[float], planned_end: float
) -> tuple[PhaseSpan, ...]:
    """Each phase runs from its start to the next one's (the last to the planned end)."""
    ends = [*starts[1:], planned_end]
    return tuple(
        PhaseSpan(phase.name, start, end)
        for phase, start, end in zip(protocol.phases, starts, ends, strict=True)
    )


def plan_spans(protocol: SessionProtocol, state: SessionState | None) -> tuple[PhaseSpan, ...]:
    """The spans of a running session, or of the protocol's plan before one starts."""
    if state is None:
        return phase_spans(
            protocol, [phase.start for phase in protocol.phases], protocol.planned_length
        )
    return phase_spans(protocol, state.phase_starts, state.planned_end)


class Timeline:
    """The effective plan of a session: the protocol moved by its events."""

    def __init__(self, protocol: SessionProtocol, events: Sequence[Event]) -> None:
        self.protocol = protocol
        self.dose_at: datetime | None = None
        self.dose_entered: datetime | None = None  # the first dose's own stamp
        self.ended_at: datetime | None = None
        self.clock_offset = 0.0  # seconds the wall clock jumped after the dose
        self.moved_before_dose = 0.0  # seconds it jumped between the start and the dose
        self.floor = 0.0  # the latest session time recorded: the clock never goes back past it
        self.shifts: list[tuple[int, float]] = []  # (first phase moved, seconds)
        # a restart that could not check the wall clock (after a reboot) read the
        # session clock from it: that clock's fix is awaited (core/clock_fix.py)
        self.doubt: RestartDoubt | None = None
        for event in events:
            self._apply(event)
        # a new event makes a new Timeline: the plan is worked out once, not every tick
        self._starts = tuple(
            phase.start + sum(s for b, s in self.shifts if b <= index)
            for index, phase in enumerate(self.protocol.phases)
        )
        self._end = self.protocol.planned_length + sum(s for _, s in self.shifts)

    def _apply(self, event: Event) -> None:
        if event.kind == EventKind.RESUMED and event.data.get("clock_doubt") and not self.doubt:
            gap = float(event.data.get("clock_gap", 0.0))
            self.doubt = RestartDoubt(self.floor, self.dose_at is not None, gap)
        if event.session_seconds is not None and event.kind != EventKind.CLOCK_JUMP:
            # a jump recorded by an earlier pap-guide was stamped on the clock that
            # jumped (now at the time it corrects to); everything else is true time
            self.floor = max(self.floor, event.session_seconds)
        if event.kind == EventKind.DOSE and self.dose_at is None:
            self.dose_at = datetime.fromisoformat(event.data["dose_utc"])
            self.dose_entered = event.utc
        elif event.kind == EventKind.CLOCK_JUMP and event.data.get("corrects") == "restart":
            self._fix(event)
        elif event.kind == EventKind.CLOCK_JUMP:
            seconds = float(event.data["seconds"])
            if abs(seconds) > MAX_JUMP:  # a broken clock's reading stays in the record, unused
                pass
            elif self.dose_at is not None:
                self.clock_offset += seconds
            else:
                self.moved_before_dose += seconds
        elif event.kind in PHASE_MOVES:
            if self.doubt is not None and event.kind == EventKind.PHASE_ADVANCED:
                self.doubt.advances.append(len(self.shifts))
            self.shifts.append((int(event.data["boundary"]), float(event.data["seconds"])))
        elif event.kind == EventKind.ENDED and self.ended_at is None:
            self.ended_at = event.utc

    def _fix(self, event: Event) -> None:
        """The wall clock set right after a doubted restart. With the dose before the
        restart the session clock was read from the wrong clock there: it follows the
        fix. What was saved since on that clock held the floor that far out: it goes
        back with the fix, never below what was saved before the restart; a next
        phase started "now" on it starts at the true now (each step of a fix moves
        every one started before it: each was off by what that step sets right)."""
        seconds, doubt = float(event.data["seconds"]), self.doubt
        if doubt is None or not doubt.dosed:  # no doubt, or the dose was read on it too
            if self.dose_at is not None and abs(seconds) <= MAX_JUMP:
                self.clock_offset += seconds
        else:
            back = min(0.0, seconds)
            self.floor = max(doubt.floor, self.floor + back)
            for index in doubt.advances:
                boundary, shift = self.shifts[index]
                self.shifts[index] = (boundary, shift + back)
        if doubt is not None and not doubt.spend(seconds):
            self.doubt = None

    def takes_as_fix(self, seconds: float) -> bool:
        """Whether a wall-clock jump of ``seconds`` now is the doubted clock's fix."""
        return self.doubt is not None and self.doubt.takes(seconds)

    def phase_starts(self) -> tuple[float, ...]:
        """Effective start of each phase, in session seconds."""
        return self._starts

    def planned_end(self) -> float:
        return self._end

    def phase_spans(self) -> tuple[PhaseSpan, ...]:
        return phase_spans(self.protocol, self.phase_starts(), self.planned_end())

    def elapsed(self, now: datetime) -> float:
        """Session seconds at wall time ``now`` (frozen at the end)."""
        if self.dose_at is None:
            return 0.0
        if self.ended_at is not None:
            return (self.ended_at - self.dose_at).total_seconds() - self.clock_offset
        counted = (now - self.dose_at).total_seconds() - self.clock_offset
        return max(counted, self.floor, 0.0)  # never backwards, never negative

    def state(self, now: datetime) -> SessionState:
        starts = self.phase_starts()
        end = self.planned_end()
        if self.dose_at is None:
            return SessionState(
                True, self.ended_at is not None, 0.0, None, "Pre-dose", 0.0, 0.0, end, starts
            )
        elapsed = self.elapsed(now)
        index = max((i for i, s in enumerate(starts) if s <= elapsed), default=0)
        phase_end = starts[index + 1] if index + 1 < len(starts) else end
        return SessionState(
            False,
            self.ended_at is not None,
            elapsed,
            index,
            self.protocol.phases[index].name,
            starts[index],
            phase_end,
            end,
            starts,
        )

    def advance_shift(self, now: datetime) -> tuple[int, float] | None:
        """The shift that starts the next phase at ``now``; None in the last phase."""
        state = self.state(now)
        if state.pre_dose or state.phase_index is None:
            return None
        boundary = state.phase_index + 1
        if boundary >= len(state.phase_starts):
            return None
        return boundary, state.elapsed - state.phase_starts[boundary]

    def extend_shift(self, now: datetime, minutes: float) -> tuple[int, float]:
        """The shift that makes the current phase ``minutes`` longer."""
        index = self.state(now).phase_index or 0
        return index + 1, minutes * 60.0
