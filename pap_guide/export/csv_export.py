"""CSV for research: one row per entry (doses included), every vital in its column.

Every saved version of an entry is a row; ``status`` says which to count: the
``current`` one, an earlier ``superseded`` one, or ``struck out`` for every
version of an entry that was struck out (its original included). A row's
``utc``, ``session_time``, ``phase`` and ``author`` are when, where and by whom
that version was saved: a correction's are the correction's. ``utc`` is the
dose's time plus the session time, which the session clock counts through a
move of the laptop's clock; where the laptop's clock read otherwise when the row
was saved, ``laptop_clock_utc`` holds what it read. The ``original_``
columns are the entry's first version's, the same on every version of it:
when a reading was taken, in which phase, by whom (count ``current`` rows and
read their time there). Dose and event rows, never corrected, leave them empty.

Doses are rows of kind ``dose``; phase moves, step-outs, restarts, the rules not
met with their reasons and the end with its outcome are rows of kind ``event``.
Vitals checks the protocol asked for that were late or missed are rows of kind
``check`` at the session time they fell due (on-time ones are the readings).

The file ends with a row or two whose first cell starts with ``#``: the
record's chain head (and a warning if the chain is broken). Read it with a CSV
reader and leave out those rows: a filter of lines starting with ``#`` would
also cut a note's line that starts with one, inside its quoted cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

from pap_guide.core.check_record import MISSED, ON_TIME, CheckOutcome
from pap_guide.core.entries import VITALS, Entry
from pap_guide.core.report import Report
from pap_guide.core.sentences import event_sentence
from pap_guide.core.session import EventKind
from pap_guide.core.timefmt import clock_text, duration_text
from pap_guide.core.vitals import FIELDS

COLUMNS = [
    "utc",
    "session_time",
    "session_seconds",
    "phase",
    "author",
    "kind",
    *FIELDS,
    "temperature_entered",
    "text",
    "flags",
    "struck",
    "status",
    "amends",
    "amend_reason",
    "track",
    "entry_id",
    "original_id",
    "original_utc",
    "original_session_seconds",
    "original_phase",
    "original_author",
    "laptop_clock_utc",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS_CHARS = "".join(FORMULA_STARTS)
NO_SIGNS = [""] * len(FIELDS)


def safe_cell(value: Any) -> str:
    """Text a spreadsheet shows as text: formula-like cells get a leading quote."""
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(value: Any) -> str:
    """safe_cell, quick for the cells most rows hold: empty, a number, plain text."""
    kind = type(value)
    if kind is str:
        return safe_cell(value) if value and value[0] in FORMULA_STARTS_CHARS else value
    if kind is float:
        return f"{value:g}"  # a number, even a negative one, is never quoted
    if kind is int:
        return str(value)
    return safe_cell(value)


def _seconds(seconds: float) -> str:
    """Seconds to the millisecond ('%g' keeps six digits: 21600.4 for 21600.375)."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def _time(seconds: float | None) -> str:
    return "" if seconds is None else "T+" + clock_text(seconds)


class _Cells(dict[Any, str]):
    """_cell of the values that repeat from row to row (phases, authors, reasons,
    tracks), each worked out once: a hit is a plain dict lookup."""

    def __missing__(self, value: Any) -> str:
        cell = self[value] = _cell(value)
        return cell


_SECONDS = tuple(f"{second:02d}" for second in range(60))


class _Clock(dict[int, str]):
    """``"T+" + clock_text(seconds)`` by whole minute: the ``T+H:MM:`` of each
    minute is made once and its seconds added (thousands of entries share it)."""

    def text(self, seconds: float) -> str:
        if not seconds >= 0:  # before the dose (or not a number): the general way
            return "T+" + clock_text(seconds)
        whole = int(seconds)  # floor, as clock_text, for a number not below zero
        return self[whole // 60] + _SECONDS[whole % 60]

    def __missing__(self, minute: int) -> str:
        hours, minutes = divmod(minute, 60)
        prefix = self[minute] = f"T+{hours}:{minutes:02d}:"
        return prefix


class _EntryRows:
    """Each entry's cells, in COLUMNS order: the hot loop of a long session's export.
    Numbers are written here rather than through safe_cell, which they never need;
    the cells that repeat come from a _Cells, the session times from a _Clock."""

    def __init__(self, report: Report) -> None:
        self.text = report.entry_text
        # the stamps are the session's times unless the laptop's clock moved
        self.at = None if report.stamps_true else report.at
        self.cells = _Cells()
        self.clock = _Clock()
        self.status: dict[int | None, str] = {}  # entry id -> its status cell
        self.originals: dict[int | None, Entry] = {}  # entry id -> its first version
        for line in report.lines:
            if len(line.history) == 1:
                self.status[line.original.id] = "current"
                continue
            for step in line.history:
                self.status[step.id] = "struck out" if line.struck else "superseded"
                self.originals[step.id] = line.original
            if not line.struck:
                self.status[line.current.id] = "current"

    def row(self, entry: Entry) -> list[str]:
        cells, seconds = self.cells, entry.session_seconds
        if entry.kind == VITALS:
            signs, entered = self.signs(entry.data)
            text = ""
        else:
            signs, entered, text = NO_SIGNS, "", _cell(self.text(entry))
        utc, laptop = _stamp(self.at, entry.utc, seconds, entry.id)
        exact = "" if seconds is None else _seconds(seconds)
        identity = "" if entry.id is None else str(entry.id)
        first = self.originals.get(entry.id)  # None: it is its own first version
        original = (
            [identity, utc, exact, cells[entry.phase], cells[entry.author]]
            if first is None
            else self.original(first)
        )
        return [
            utc,
            "" if seconds is None else self.clock.text(seconds),
            exact,
            cells[entry.phase],
            cells[entry.author],
            entry.kind,
            *signs,
            entered,
            text,
            _cell("; ".join(entry.flags)) if entry.flags else "",
            "yes" if entry.struck else "",
            self.status.get(entry.id, ""),
            "" if entry.amends is None else str(entry.amends),
            cells[entry.reason],
            cells[entry.track],
            identity,
            *original,
            laptop,
        ]

    def original(self, first: Entry) -> list[str]:
        """The original_ cells of a later version: its first version's id, time, phase
        and author (a first version's are its own cells, already made)."""
        seconds, cells = first.session_seconds, self.cells
        return [
            "" if first.id is None else str(first.id),
            _stamp(self.at, first.utc, seconds, first.id)[0],
            "" if seconds is None else _seconds(seconds),
            cells[first.phase],
            cells[first.author],
        ]

    @staticmethod
    def signs(data: dict[str, Any]) -> tuple[list[str], str]:
        """The vitals cells and the typed temperature, read from the entry's data as
        Reading.from_data reads it (every value a float, every typed text a str)."""
        values, typed = data.get("values", {}), data.get("entered", {})
        signs = [f"{float(values[name]):g}" if name in values else "" for name in FIELDS]
        entered = _cell(str(typed["temperature_c"])) if "temperature_c" in typed else ""
        return signs, entered


def _stamp(
    at: Callable[[datetime, float | None, int | None], datetime] | None,
    utc: datetime,
    seconds: float | None,
    entry: int | None,
) -> tuple[str, str]:
    """The utc cell of an entry stamped ``utc`` at session time ``seconds`` (Report.at,
    when the laptop's clock moved) and its laptop_clock_utc cell ('' when the same)."""
    stamp = utc.isoformat()
    if at is None:
        return stamp, ""
    when = at(utc, seconds, entry)
    return (stamp, "") if when == utc else (when.isoformat(), stamp)


def _other_row(
    when: datetime, utc: datetime, kind: str, seconds: float | None, text: str, by: str,
    phase: str = "",
) -> list[str]:  # fmt: skip
    """A dose or a session event at ``when`` by the session's clock, stamped ``utc``:
    time, phase, kind, who and what; the other cells empty."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        utc=when.isoformat(),
        laptop_clock_utc="" if when == utc else utc.isoformat(),
        session_time=_time(seconds),
        session_seconds="" if seconds is None else _seconds(seconds),
        phase=_cell(phase),
        author=_cell(by),
        kind=kind,
        text=_cell(text),
    )
    return list(cells.values())


def _phase_at(report: Report, seconds: float | None) -> str:
    """The phase a dose was given in, as the entries name theirs ('' before the dose)."""
    if seconds is None:
        return ""
    return next((p.name for p in reversed(report.phases) if p.start <= seconds), "")


Order = tuple[int, float, float]


def _order(utc: datetime, seconds: float | None) -> Order:
    """Where a row goes: before the dose by the wall clock, after it by the session's
    (the wall clock may have been moved since: set back an hour, it had later rows
    dated before earlier ones); the same session time by the wall clock."""
    if seconds is None:
        return (0, utc.timestamp(), 0.0)
    return (1, seconds, utc.timestamp())


def _others(report: Report) -> list[tuple[Order, list[str]]]:
    """The doses and session events with their places, in the order they are listed."""
    found = []
    for number, (dose, seconds) in enumerate(
        zip(report.doses(), report.dose_times(), strict=True), 1
    ):
        lot = f", lot {dose.lot}" if dose.lot else ""
        text = f"dose {number}: {dose.amount:g} {dose.unit} {dose.substance} ({dose.route}{lot})"
        phase = _phase_at(report, seconds)
        when = report.at(dose.given, seconds)
        row = _other_row(when, dose.given, "dose", seconds, text, dose.by, phase)
        found.append((_order(when, seconds), row))
    for move in report.moves:  # phase moves, step-outs and who covered, restarts
        seconds = move.session_seconds
        phase = _phase_at(report, seconds)
        when = report.at_event(move.utc)
        row = _other_row(when, move.utc, "event", seconds, move.text, "", phase)
        found.append((_order(when, seconds), row))
    for event in report.events:  # a rule not met with its reason; the end with its outcome
        if event.kind in (EventKind.OVERRIDE, EventKind.ENDED):
            text = event_sentence(event) or str(event.kind)
            seconds = event.session_seconds
            phase = _phase_at(report, seconds)
            when = report.at_event(event.utc)
            row = _other_row(when, event.utc, "event", seconds, text, "", phase)
            found.append((_order(when, seconds), row))
    if report.dose_at is not None:  # the checks late or missed, at the time they fell due
        for check in report.checks():
            if check.state == ON_TIME:
                continue
            at = report.dose_at + timedelta(seconds=check.due)  # by the session's clock
            row = _other_row(at, at, "check", check.due, _check_text(check), "")
            found.append((_order(at, check.due), row))
    return found


def _check_text(check: CheckOutcome) -> str:
    kind = "repeat check (a reading over a limit)" if check.repeat else "vitals check"
    if check.state == MISSED:
        return f"{kind} missed"
    taken = _time(check.taken)
    return f"{kind} late by {duration_text(check.late_by)} (taken {taken})"


def rows(report: Report) -> Iterator[list[str]]:
    """Every entry, dose, session event and late or missed check in the session's
    order (_order), as cells in COLUMNS order; rows at the same place in that order
    (entries, then doses, events and checks). One row at a time, made
    as it is written: thousands of rows held at once cost their memory and wake the
    garbage collector, which walks the whole report each time (a third slower)."""
    others = sorted(_others(report), key=itemgetter(0))  # stable, as the entries'
    row, at = _EntryRows(report).row, 0
    if report.stamps_true:
        placed = [(_order(e.utc, e.session_seconds), e) for e in report.entries]
    else:  # before the dose, by the stamp put on the dose's clock
        when = report.at
        placed = [
            (_order(when(e.utc, e.session_seconds, e.id), e.session_seconds), e)
            for e in report.entries
        ]
    placed.sort(key=itemgetter(0))  # stable: same place, the record's order
    for place, entry in placed:
        while at < len(others) and others[at][0] < place:
            yield others[at][1]
            at += 1
        yield row(entry)
    for _, cells in others[at:]:
        yield cells


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    buffer.write(f"# pap-guide record chain head sha256:{report.chain_head}\r\n")
    if report.chain_problem:
        buffer.write(f"# WARNING: {report.chain_problem}\r\n")
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8
