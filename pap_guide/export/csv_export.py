"""CSV for research: one row per entry (doses included), every vital in its column."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from pap_guide.core.entries import VITALS
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


def rows(report: Report) -> list[dict[str, Any]]:
    found: list[tuple[datetime, dict[str, Any]]] = []
    for entry in report.entries:
        reading = Reading.from_data(entry.data) if entry.kind == VITALS else Reading({})
        row = {
            "utc": entry.utc.isoformat(),
            "session_time": ""
            if entry.session_seconds is None
            else "T+" + clock_text(entry.session_seconds),
            "session_seconds": entry.session_seconds,
            "phase": entry.phase,
            "author": entry.author,
            "kind": entry.kind,
            **{name: reading.values.get(name) for name in FIELDS},
            "temperature_entered": reading.entered.get("temperature_c", ""),
            "text": "" if entry.kind == VITALS else report.entry_text(entry),
            "flags": "; ".join(entry.flags),
            "struck": "yes" if entry.struck else "",
            "amends": entry.amends,
            "amend_reason": entry.reason,
            "track": entry.track,
            "entry_id": entry.id,
        }
        found.append((entry.utc, row))
    for number, dose in enumerate(report.doses(), start=1):
        seconds = (dose.given - report.dose_at).total_seconds() if report.dose_at else None
        lot = f", lot {dose.lot}" if dose.lot else ""
        found.append(
            (
                dose.given,
                {
                    "utc": dose.given.isoformat(),
                    "kind": "dose",
                    "author": dose.by,
                    "session_time": "" if seconds is None else "T+" + clock_text(seconds),
                    "session_seconds": seconds,
                    "text": f"dose {number}: {dose.amount:g} {dose.unit} {dose.substance} "
                    f"({dose.route}{lot})",
                },
            )
        )
    for move in report.moves:  # phase moves, step-outs and who covered, restarts
        found.append(
            (
                move.utc,
                {
                    "utc": move.utc.isoformat(),
                    "kind": "event",
                    "session_time": ""
                    if move.session_seconds is None
                    else "T+" + clock_text(move.session_seconds),
                    "session_seconds": move.session_seconds,
                    "text": move.text,
                },
            )
        )
    return [row for _, row in sorted(found, key=lambda pair: pair[0])]


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(report):
        writer.writerow({column: safe_cell(row.get(column)) for column in COLUMNS})
    buffer.write(f"# pap-guide record chain head sha256:{report.chain_head}\r\n")
    if report.chain_problem:
        buffer.write(f"# WARNING: {report.chain_problem}\r\n")
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8
