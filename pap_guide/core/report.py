"""The report model: one session's record, shaped for every export format.

Built from what the store returns, with no Qt and no file formats in it: the
PDF, CSV and FHIR writers all read this one model.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pap_guide.core.check_record import CheckOutcome, check_outcomes
from pap_guide.core.dosing import Dose, total_dose
from pap_guide.core.entries import (
    VITALS,
    Entry,
    LogLine,
    after_dose,
    build_log,
    describe,
    placed_seconds,
    when,
)
from pap_guide.core.facts import SessionFacts
from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.sentences import event_sentence
from pap_guide.core.session import (
    MAX_JUMP,
    Event,
    EventKind,
    PhaseSpan,
    SessionRecord,
    SessionState,
    Timeline,
)
from pap_guide.core.setup_plan import JOINED


@dataclass(frozen=True)
class Move:
    utc: datetime
    session_seconds: float | None
    text: str
    event_id: int | None = None


@dataclass(frozen=True)
class Report:
    record: SessionRecord
    protocol: SessionProtocol | None
    facts: SessionFacts
    dose_at: datetime | None
    ended_at: datetime | None
    length: float | None  # session seconds from the dose to the end
    phases: tuple[PhaseSpan, ...]
    moves: tuple[Move, ...]
    events: tuple[Event, ...]  # every session event, oldest first
    entries: tuple[Entry, ...]  # every saved row, amendments included, oldest first
    lines: tuple[LogLine, ...]  # originals with their current version, oldest first
    plays: tuple[Play, ...]
    minimum: float | None  # seconds required by the protocol
    first_at_center: bool = False
    state: SessionState | None = None  # the clock state at the end (or now)
    chain_head: str = ""  # the record's hash chain head when this was read (SHA-256 hex)
    chain_problem: str = ""  # why the chain does not verify ('' when it does)
    play_ends: tuple[PlayEnd, ...] = ()  # how each track stopped, oldest first
    unreached: tuple[str, ...] = ()  # phases an ended session never began
    dose_seconds: tuple[float | None, ...] = ()  # each dose's session time, as facts.doses
    # seconds to put a pre-dose entry's stamp on the dose's clock: the laptop's clock
    # moved after it and before the dose (by entry id; found in the record's ledger)
    entry_shifts: Mapping[int, float] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def stamps_true(self) -> bool:
        """Whether every stamp is the session's time: the laptop's clock never moved
        and no restart read the session clock from a clock it could not check."""
        return not any(
            e.kind == EventKind.CLOCK_JUMP
            or (e.kind == EventKind.RESUMED and e.data.get("clock_doubt"))
            for e in self.events
        )

    def at(self, utc: datetime, seconds: float | None, entry: int | None = None) -> datetime:
        """When something stamped ``utc`` at session time ``seconds`` happened, by the
        session's clock: the dose's time and the session time since. The session clock
        counts through a move of the laptop's clock; the stamp does not (set back two
        hours, the clock put the vitals two hours before the dose in the exports).
        The stamp where they agree. Before the dose, the stamp put on the dose's clock
        (``entry``: the entry's id, whose shift the ledger gave)."""
        if seconds is None:  # before the dose (or none given): moved onto its clock
            shift = self.entry_shifts.get(entry, 0.0) if entry is not None else 0.0
            return utc + timedelta(seconds=shift) if shift else utc
        if self.dose_at is None:
            return utc
        counted = self.dose_at + timedelta(seconds=seconds)
        return utc if abs((counted - utc).total_seconds()) <= CLOCK_NOISE else counted

    def at_event(self, utc: datetime) -> datetime:
        """``at`` for an event, found by its stamp (the facts keep a checklist or
        discharge tick, a rule not met, someone leaving by it alone)."""
        if self.stamps_true:
            return utc
        seconds, shift = self._event_places.get(utc, (None, 0.0))
        if seconds is None:
            return utc + timedelta(seconds=shift) if shift else utc
        return self.at(utc, seconds)

    @functools.cached_property
    def _event_places(self) -> dict[datetime, tuple[float | None, float]]:
        """Each event's session time, and (before the dose) the seconds the laptop's
        clock moved after it and before the dose: the events are in record order."""
        moves = pre_dose_moves(self.events)
        return {
            e.utc: (
                e.session_seconds,
                sum(s for at, s in moves if e.id is not None and at > e.id),
            )
            for e in self.events
        }

    def when(self, entry: Entry) -> str:
        """The log's time of an entry: T+, or "pre-dose HH:MM" on the dose's clock."""
        return when(self.on_dose_clock(entry), self.dose_at, self.dose_entered)

    def placed(self, entry: Entry) -> float:
        """Where ``entry`` sits on the session's time line: a baseline at T+0 (one saved
        before a move of the clock too), a reading saved before the dose was entered
        but after it was given at its time after the dose, as the log shows it."""
        return placed_seconds(self.on_dose_clock(entry), self.dose_at, self.dose_entered)

    def on_dose_clock(self, entry: Entry) -> Entry:
        """``entry`` with its stamp put on the dose's clock when it was saved before a
        move of the laptop's clock that came before the dose."""
        shift = self.entry_shifts.get(entry.id) if entry.id is not None else None
        if not shift:
            return entry
        return dataclasses.replace(entry, utc=entry.utc + timedelta(seconds=shift))

    def any_late(self, lines: Sequence[LogLine]) -> bool:
        """Whether any of ``lines`` is shown at its time from a dose entered late (†)."""
        return any(
            after_dose(self.on_dose_clock(line.original), self.dose_at, self.dose_entered)
            is not None
            for line in lines
        )

    @functools.cached_property
    def dose_entered(self) -> datetime | None:
        """When the first dose was entered (its event's stamp)."""
        return next((e.utc for e in self.events if e.kind == EventKind.DOSE), None)

    @property
    def created_at(self) -> datetime:
        """When the session was set up, on the dose's clock (moved by what the laptop's
        clock moved before the dose)."""
        started = next((e for e in self.events if e.kind == EventKind.STARTED), None)
        if started is None or self.stamps_true:
            return self.record.created
        return self.record.created + (self.at_event(started.utc) - started.utc)

    @property
    def end_at(self) -> datetime | None:
        """When the session ended, by the session's clock."""
        return None if self.ended_at is None else self.at(self.ended_at, self.length)

    def dose_times(self) -> list[float | None]:
        """Each dose's session time (None before the dose), as facts.doses."""
        known, dose_at = self.dose_seconds, self.dose_at
        return [
            known[i] if i < len(known)
            else None if dose_at is None
            else (dose.given - dose_at).total_seconds()
            for i, dose in enumerate(self.facts.doses)
        ]  # fmt: skip

    @property
    def ended(self) -> bool:
        return any(e.kind == EventKind.ENDED for e in self.events)

    @property
    def status(self) -> str:
        """'open' or 'ended', and whether it is a rehearsal."""
        return status_text(self.record, self.ended)

    @property
    def protocol_name(self) -> str:
        return self.protocol.name if self.protocol else self.record.protocol_key

    @property
    def total_dose(self) -> float:
        return total_dose(self.facts.doses)

    @property
    def minimum_met(self) -> bool | None:
        if self.minimum is None or self.length is None:
            return None
        return self.length >= self.minimum

    def vitals(self) -> list[LogLine]:
        return [line for line in self.lines if line.original.kind == VITALS and not line.struck]

    def checks(self) -> list[CheckOutcome]:
        """Every vitals check owed from the dose to the end, and what answered it
        (none until the session has ended: the report has no 'now')."""
        if self.protocol is None or self.state is None or self.length is None:
            return []
        monitor = self.protocol.monitor
        after = (monitor.alerts.repeat_minutes or 0) * 60
        readings, repeats = [], []
        for line in self.vitals():
            at = self.placed(line.original)
            readings.append(at)
            if after and line.flagged:
                repeats.append(at + after)
        return check_outcomes(
            monitor.checks, self.state.planned_end, self.length, readings, repeats
        )

    def entry_text(self, entry: Entry) -> str:
        return describe(entry)

    def doses(self) -> list[Dose]:
        return list(self.facts.doses)


def status_text(record: SessionRecord, ended: bool) -> str:
    return ("ended" if ended else "open") + (", rehearsal" if record.rehearsal else "")


CLOCK_NOISE = 5.0  # seconds a stamp may differ from the session's time and be kept


def pre_dose_moves(events: Sequence[Event]) -> list[tuple[int, float]]:
    """Each move of the laptop's clock between the set-up and the first dose: the jump
    event's id and its seconds (not a broken clock's reading, nor a doubted restart's
    fix, which the session clock does not count either)."""
    found = []
    for event in events:
        if event.kind == EventKind.DOSE:
            break
        if event.kind != EventKind.CLOCK_JUMP or event.data.get("corrects") == "restart":
            continue
        seconds = float(event.data["seconds"])
        if abs(seconds) <= MAX_JUMP and event.id is not None:
            found.append((event.id, seconds))
    return found


def dose_seconds(events: Sequence[Event], dose_at: datetime | None) -> tuple[float | None, ...]:
    """Each dose's session time: that of its saving, less how long before it was
    given (one typed in later is backdated). The difference of its stamp from the
    first's was off by every move of the laptop's clock between them."""
    found: list[float | None] = []
    for event in events:
        if event.kind != EventKind.DOSE or "amount" not in event.data:
            continue
        given = datetime.fromisoformat(event.data["dose_utc"])
        if dose_at is None or given == dose_at:
            found.append(None if dose_at is None else 0.0)
        elif event.session_seconds is None:
            found.append((given - dose_at).total_seconds())
        else:
            found.append(event.session_seconds - (event.utc - given).total_seconds())
    return tuple(found)


MOVES = (  # what the report's timeline lists besides the phases
    EventKind.PHASE_ADVANCED,
    EventKind.PHASE_EXTENDED,
    EventKind.PHASE_MOVED_BACK,
    EventKind.CLOCK_JUMP,
    EventKind.STEPPED_OUT,
    EventKind.STEPPED_BACK,
    EventKind.LEFT,
    EventKind.RESUMED,
    EventKind.RECOVERED,
)


def build_report(
    record: SessionRecord,
    protocol: SessionProtocol | None,
    events: Sequence[Event],
    entries: Sequence[Entry],
    plays: Sequence[Play],
    first_at_center: bool = False,
    play_ends: Sequence[PlayEnd] = (),
    entry_shifts: Mapping[int, float] | None = None,
) -> Report:
    facts = SessionFacts.from_events(events)
    phases: tuple[PhaseSpan, ...] = ()
    unreached: tuple[str, ...] = ()
    dose_at = ended_at = None
    length = None
    state = None
    if protocol is not None:
        timeline = Timeline(protocol, events)
        dose_at, ended_at = timeline.dose_at, timeline.ended_at
        phases = timeline.phase_spans()
        if dose_at is not None and ended_at is not None:
            length = timeline.elapsed(ended_at)
            state = timeline.state(ended_at)
            phases, unreached = as_run(phases, length)
    moves = tuple(
        Move(e.utc, e.session_seconds, event_sentence(e) or str(e.kind), e.id)
        for e in events
        if e.kind in MOVES or (e.kind == EventKind.PERSON and e.data.get("role") == JOINED)
    )
    minimum = None
    if protocol is not None:
        minimum = protocol.setup.doses.minimum_seconds(total_dose(facts.doses), first_at_center)
    lines = tuple(reversed(build_log(list(entries))))
    return Report(
        record,
        protocol,
        facts,
        dose_at,
        ended_at,
        length,
        phases,
        moves,
        tuple(events),
        tuple(entries),
        lines,
        tuple(plays),
        minimum,
        first_at_center,
        state,
        play_ends=tuple(play_ends),
        unreached=unreached,
        dose_seconds=dose_seconds(events, dose_at),
        entry_shifts=entry_shifts or {},
    )


def as_run(
    planned: tuple[PhaseSpan, ...], length: float
) -> tuple[tuple[PhaseSpan, ...], tuple[str, ...]]:
    """The phases as an ended session ran them: those begun, the last to the real end
    (before it, or long after the planned end), and the names of those never begun.
    The plan's spans had an early end's report list phases that never happened."""
    begun = [span for span in planned if span.start < length] or list(planned[:1])
    ran = [*begun[:-1], dataclasses.replace(begun[-1], end=length)] if begun else []
    return tuple(ran), tuple(span.name for span in planned[len(begun) :])


# export formats and their file suffixes
FORMATS = {"pdf": ".pdf", "csv": ".csv", "fhir": ".fhir.json"}


def default_name(report: Report, fmt: str) -> str:
    record = report.record
    return (
        f"pap-guide-{record.patient or 'session'}-{record.id}-{record.created:%Y%m%d}{FORMATS[fmt]}"
    )
