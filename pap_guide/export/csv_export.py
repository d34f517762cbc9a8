"""CSV for research: one row per entry (doses included), every vital in its column."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from pap_guide.core.entries import VITALS, Entry
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text
from pap_guide.core.vitals import FIELDS, Reading

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
    "amends",
    "amend_reason",
    "track",
    "entry_id",
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


def _time(seconds: float | None) -> str:
    return "" if seconds is None else "T+" + clock_text(seconds)


def _entry_row(report: Report, entry: Entry) -> list[str]:
    """One entry's cells, in COLUMNS order (the hot loop of a long session's export:
    numbers are written here rather than through safe_cell, which they never need)."""
    seconds = entry.session_seconds
    if entry.kind == VITALS:
        reading = Reading.from_data(entry.data)
        signs = [_cell(reading.values.get(name)) for name in FIELDS]
        entered, text = _cell(reading.entered.get("temperature_c")), ""
    else:
        signs, entered, text = NO_SIGNS, "", _cell(report.entry_text(entry))
    return [
        entry.utc.isoformat(),
        "" if seconds is None else "T+" + clock_text(seconds),
        "" if seconds is None else f"{seconds:g}",
        _cell(entry.phase),
        _cell(entry.author),
        entry.kind,
        *signs,
        entered,
        text,
        _cell("; ".join(entry.flags)) if entry.flags else "",
        "yes" if entry.struck else "",
        "" if entry.amends is None else str(entry.amends),
        _cell(entry.reason),
        _cell(entry.track),
        "" if entry.id is None else str(entry.id),
    ]


def _other_row(utc: datetime, kind: str, seconds: float | None, text: str, by: str) -> list[str]:
    """A dose or a session event: time, kind, who and what; the other cells empty."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        utc=utc.isoformat(),
        session_time=_time(seconds),
        session_seconds=_cell(seconds),
        author=_cell(by),
        kind=kind,
        text=_cell(text),
    )
    return list(cells.values())


def rows(report: Report) -> list[list[str]]:
    """Every entry, dose and session event, oldest first, as cells in COLUMNS order."""
    found = [(entry.utc, _entry_row(report, entry)) for entry in report.entries]
    for number, dose in enumerate(report.doses(), start=1):
        seconds = (dose.given - report.dose_at).total_seconds() if report.dose_at else None
        lot = f", lot {dose.lot}" if dose.lot else ""
        text = f"dose {number}: {dose.amount:g} {dose.unit} {dose.substance} ({dose.route}{lot})"
        found.append((dose.given, _other_row(dose.given, "dose", seconds, text, dose.by)))
    for move in report.moves:  # phase moves, step-outs and who covered, restarts
        found.append((move.utc, _other_row(move.utc, "event", move.session_seconds, move.text, "")))
    found.sort(key=lambda pair: pair[0])  # stable: same-time rows keep this order
    return [cells for _, cells in found]


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    buffer.write(f"# pap-guide record chain head sha256:{report.chain_head}\r\n")
    if report.chain_problem:
        buffer.write(f"# WARNING: {report.chain_problem}\r\n")
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8
