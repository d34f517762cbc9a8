"""The report as HTML for Qt's rich-text engine (a printed clinical document)."""

from __future__ import annotations

from itertools import pairwise

from pap_guide.core import entries as kinds
from pap_guide.core.check_record import LATE, MISSED, ON_TIME
from pap_guide.core.entries import LogLine, describe, late_dose_note
from pap_guide.core.report import Report
from pap_guide.core.timefmt import duration_text
from pap_guide.core.vitals import sign_flags
from pap_guide.export.html_parts import escape, html_table, local_time, session_time
from pap_guide.export.m3u8_export import played_tracks
from pap_guide.export.report_close import closing_sections, rems_section

# cell rules one pixel wide: see html_table
STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; }
h2 { font-size: 11pt; margin: 12pt 0 3pt 0; border-bottom: 1px solid #888; }
td, th {
    padding-top: 2px; padding-bottom: 2px; padding-left: 5px; padding-right: 5px;
    border: 1px solid #bbb; vertical-align: top;
}
th { background: #eee; text-align: left; }
.flag { font-weight: bold; }
.muted { color: #555; }
.adverse { font-weight: bold; }
.broken { font-weight: bold; font-size: 11pt; border: 2px solid #000; padding: 4pt; }
"""


def _header(report: Report) -> str:
    r = report.record
    left = report.facts.left
    people = ", ".join(
        f"{escape(n)} ({escape(role)}"
        + (f", left at {local_time(report.at_event(left[n]))})" if n in left else ")")
        for n, role in report.facts.people.items()
    )
    rows = [
        ["Patient code", escape(r.patient or "-")],
        [
            "Session",
            f"{r.id} · {escape(r.session_type)}" + (" · <b>REHEARSAL</b>" if r.rehearsal else ""),
        ],
        ["Protocol", escape(report.protocol_name)],
        ["Date", local_time(report.created_at)],
        ["Dose (T0) / end", f"{local_time(report.dose_at)} / {local_time(report.end_at)}"],
        ["People present", people or "-"],
    ]
    body = "".join(f"<tr><th width='22%'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        "<h1>Dosing session report</h1>"
        + _broken_record(report)
        + f"<table width='100%' cellspacing='-1' cellpadding='3'>{body}</table>"
    )


def _broken_record(report: Report) -> str:
    """Before anything else: a record changed outside pap-guide is not signed unseen."""
    if not report.chain_problem:
        return ""
    return (
        "<p class='broken'>WARNING: this record does not verify. "
        f"{escape(report.chain_problem)}. What this report shows may have been changed "
        "outside pap-guide; do not sign it before the records are checked "
        "(pap-guide doctor).</p>"
    )


def _doses(report: Report) -> str:
    rows = [
        [
            str(i),
            local_time(report.at(d.given, seconds)),
            escape(d.substance),
            f"{d.amount:g} {escape(d.unit)}",
            escape(d.route),
            escape(d.lot or "-"),
        ]
        for i, (d, seconds) in enumerate(zip(report.doses(), report.dose_times(), strict=True), 1)
    ]
    total = (
        f"<p>Total: {report.total_dose:g} {escape(report.doses()[0].unit)}</p>"
        if report.doses()
        else ""
    )
    return (
        "<h2>Doses</h2>"
        + html_table(["#", "Given", "Substance", "Amount", "Route", "Lot"], rows)
        + total
    )


def _phases(report: Report) -> str:
    rows = [[escape(p.name), session_time(p.start), session_time(p.end)] for p in report.phases]
    rows += [[escape(name), "not reached", ""] for name in report.unreached]
    moves = "".join(
        f"<li>{session_time(m.session_seconds)}: {escape(m.text)}</li>" for m in report.moves
    )
    return (
        "<h2>Timeline of phases</h2>"
        + html_table(["Phase", "Start", "End"], rows)
        + (
            f"<ul>{moves}</ul>"
            if moves
            else "<p class='muted'>No phase moves, step-outs or restarts.</p>"
        )
    )


def _broken(line: LogLine) -> set[str]:
    """The vital signs of a line whose values broke a protocol limit."""
    if not line.flagged:
        return set()
    return set(sign_flags(line.reading().values, line.current.flags))


def _value(values: dict[str, float], key: str, broken: set[str]) -> str:
    if key not in values:
        return ""
    text = f"{values[key]:g}"
    return f"<span class='flag'>{text}</span>" if key in broken else text


def _history(line: LogLine, report: Report) -> str:
    """Each change of a line, oldest first: who, when (by the session's clock), why,
    and what it was before."""
    parts = []
    for before, step in pairwise(line.history):
        at = local_time(report.at(step.utc, step.session_seconds))
        who = f"by {escape(step.author)} at {at}: {escape(step.reason)}"
        if step.struck:
            parts.append(f"struck out {who}")
        else:
            parts.append(f"corrected {who}; was <s>{escape(describe(before))}</s>")
    return "".join(f"<br><span class='muted'>{part}</span>" for part in parts)


def _vitals(report: Report, chart: bool) -> str:
    """Every reading, struck-out ones too (struck through: the chart leaves them out)."""
    rows = []
    for line in report.lines:
        if line.original.kind != kinds.VITALS:
            continue
        values = dict(line.reading().values)
        broken = _broken(line)
        original = line.original
        cells = [
            escape(report.when(original)),
            escape(original.phase or "-"),
            escape(original.author),
        ]
        bp = (
            f"{_value(values, 'systolic', broken)}/{_value(values, 'diastolic', broken)}"
            if "systolic" in values
            else ""
        )
        cells.append(bp)
        cells += [
            _value(values, k, broken) for k in ("heart_rate", "spo2", "resp_rate", "temperature_c")
        ]
        if line.struck:
            cells = [f"<s>{cell}</s>" if cell else cell for cell in cells]
        rows.append(cells)
        # the flags and changes under the reading, as wide as the page
        notes = []
        if line.flagged:
            flags = escape("; ".join(line.current.flags))
            notes.append(f"<span class='flag'>⚠ {flags}</span>")
        if len(line.history) > 1:
            notes.append(_history(line, report).removeprefix("<br>"))
        if notes:
            rows.append(["<br>".join(notes)])
    image = "<p><img src='chart://vitals' width='640'></p>" if chart else ""
    headers = ["Time", "Phase", "By", "BP mmHg", "HR /min", "SpO2 %", "RR /min", "Temp °C"]
    readings = [line for line in report.lines if line.original.kind == kinds.VITALS]
    return "<h2>Vital signs</h2>" + image + html_table(headers, rows) + _late_note(report, readings)


def _late_note(report: Report, lines: list[LogLine]) -> str:
    """What the mark on a time means, under a table that has one."""
    dose_at = report.dose_at
    if dose_at is None or not report.any_late(lines):
        return ""
    return f"<p class='muted'>{escape(late_dose_note(dose_at))}</p>"


def _checks(report: Report) -> str:
    """Each check the plan asked for that was late or missed, and how many were on
    time: the gaps between the readings are part of the record."""
    plan = report.protocol.monitor.checks if report.protocol is not None else None
    if plan is None:
        return ""
    if report.state is None:
        why = (
            "No dose was recorded, so no checks were due."
            if report.ended and report.dose_at is None
            else "Listed once the session has ended."
        )
        return f"<h2>Vitals checks</h2><p class='muted'>{why}</p>"
    found = report.checks()
    late = [c for c in found if c.state == LATE]
    missed = [c for c in found if c.state == MISSED]
    summary = (
        f"{len(found)} checks due from the dose to the end (grace {plan.grace_minutes:g} min):"
        f" {len(found) - len(late) - len(missed)} on time, {len(late)} late,"
        f" {len(missed)} missed."
    )
    rows = [
        [
            session_time(check.due),
            "repeat after a reading over a limit" if check.repeat else "scheduled",
            "-" if check.taken is None else session_time(check.taken),
            "<b>missed</b>" if check.state == MISSED else f"late by {duration_text(check.late_by)}",
        ]
        for check in found
        if check.state != ON_TIME
    ]
    style = "flag" if missed else ""
    # the table lists only the gaps: said so, as a reader counting its rows saw the
    # on-time checks of the summary nowhere
    table = "<p>The late and missed checks:</p>" + html_table(["Due", "Check", "Taken", ""], rows)
    return f"<h2>Vitals checks</h2><p class='{style}'>{summary}</p>{table if rows else ''}"


def _entry_row(line: LogLine, report: Report) -> list[str]:
    """An entry as it stands (struck through when struck out), with its changes."""
    original, current = line.original, line.current
    text = escape(describe(current))
    if line.struck:
        text = f"<s>{text}</s>"
    text += _history(line, report)
    if original.kind == kinds.ADVERSE:
        text = f"<span class='adverse'>{text}</span>"
    return [
        escape(report.when(original)),
        escape(original.author),
        escape(kinds.KIND_LABELS[original.kind]),
        text,
    ]


def _log(report: Report) -> str:
    lines = [line for line in report.lines if line.original.kind != kinds.VITALS]
    rows = [_entry_row(line, report) for line in lines]
    return (
        "<h2>Notes, observations and ratings</h2>"
        + html_table(["Time", "By", "Kind", "Entry"], rows)
        + _late_note(report, lines)
    )


def _music(report: Report) -> str:
    """Every track in the order it started, with how it ended."""
    rows = [
        [
            escape(track.play.phase),
            track.started,
            escape(track.play.title),
            escape(track.ending + (" (resumed)" if track.resumed else "")),
        ]
        for track in played_tracks(report)
    ]
    return "<h2>Music played</h2>" + html_table(["Phase", "Started", "Tracks", "Ended"], rows)


def report_html(report: Report, chart: bool = True) -> str:
    sources = ""
    if report.protocol is not None and report.protocol.sources:
        sources = (
            "<p class='muted'>Protocol sources: "
            + " · ".join(escape(s) for s in report.protocol.sources)
            + "</p>"
        )
    parts = [
        _header(report),
        _doses(report),
        _phases(report),
        _vitals(report, chart),
        _checks(report),
        _log(report),
        _music(report),
        closing_sections(report),
        rems_section(report),
        sources,
    ]
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
