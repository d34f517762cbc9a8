"""The report as HTML for Qt's rich-text engine (a printed clinical document)."""

from __future__ import annotations

from datetime import datetime
from html import escape as html_escape
from itertools import pairwise

from pap_guide.core import entries as kinds
from pap_guide.core.bidi import closed
from pap_guide.core.check_record import LATE, MISSED, ON_TIME
from pap_guide.core.entries import LogLine, describe, late_dose_note
from pap_guide.core.rems import MISSING, missing, rems_form
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text, duration_text
from pap_guide.core.vitals import sign_flags
from pap_guide.export.m3u8_export import played_tracks

# Cells overlap their neighbours' borders by a cell spacing of -1, so each rule is
# one pixel, as with border-collapse: Qt's collapsed borders were most of a long
# session's PDF time (drawn cell by cell, the whole table walked for every page).
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


def escape(text: str) -> str:
    """Text for the page as typed: its line breaks kept (rich text folds a newline
    into a space) and its direction controls ended with it, not with the cell."""
    return html_escape(closed(text)).replace("\n", "<br>")


def _t(seconds: float | None) -> str:
    return "pre-dose" if seconds is None else "T+" + clock_text(seconds)


def _at(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """A row of one cell spans the whole table (a reading's flags and changes)."""
    if not rows:
        return "<p class='muted'>None recorded.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    span = f"<td colspan='{len(headers)}'>"
    body = "".join(
        "<tr>"
        + (f"{span}{row[0]}</td>" if len(row) == 1 else "".join(f"<td>{c}</td>" for c in row))
        + "</tr>"
        for row in rows
    )
    return (
        f"<table width='100%' cellspacing='-1' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def _header(report: Report) -> str:
    r = report.record
    left = report.facts.left
    people = ", ".join(
        f"{escape(n)} ({escape(role)}"
        + (f", left at {_at(report.at_event(left[n]))})" if n in left else ")")
        for n, role in report.facts.people.items()
    )
    rows = [
        ["Patient code", escape(r.patient or "-")],
        [
            "Session",
            f"{r.id} · {escape(r.session_type)}" + (" · <b>REHEARSAL</b>" if r.rehearsal else ""),
        ],
        ["Protocol", escape(report.protocol_name)],
        ["Date", _at(report.created_at)],
        ["Dose (T0) / end", f"{_at(report.dose_at)} / {_at(report.end_at)}"],
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
            _at(report.at(d.given, seconds)),
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
        + _table(["#", "Given", "Substance", "Amount", "Route", "Lot"], rows)
        + total
    )


def _phases(report: Report) -> str:
    rows = [[escape(p.name), _t(p.start), _t(p.end)] for p in report.phases]
    rows += [[escape(name), "not reached", ""] for name in report.unreached]
    moves = "".join(f"<li>{_t(m.session_seconds)}: {escape(m.text)}</li>" for m in report.moves)
    return (
        "<h2>Timeline of phases</h2>"
        + _table(["Phase", "Start", "End"], rows)
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
        at = _at(report.at(step.utc, step.session_seconds))
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
    return "<h2>Vital signs</h2>" + image + _table(headers, rows) + _late_note(report, readings)


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
            _t(check.due),
            "repeat after a reading over a limit" if check.repeat else "scheduled",
            "-" if check.taken is None else _t(check.taken),
            "<b>missed</b>" if check.state == MISSED else f"late by {duration_text(check.late_by)}",
        ]
        for check in found
        if check.state != ON_TIME
    ]
    style = "flag" if missed else ""
    # the table lists only the gaps: said so, as a reader counting its rows saw the
    # on-time checks of the summary nowhere
    table = "<p>The late and missed checks:</p>" + _table(["Due", "Check", "Taken", ""], rows)
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
        + _table(["Time", "By", "Kind", "Entry"], rows)
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
    return "<h2>Music played</h2>" + _table(["Phase", "Started", "Tracks", "Ended"], rows)


OPEN_CHECKLIST = "dose with open checklist: "  # how core words the override (clinical.py)


def _override_for(item: str, report: Report) -> str:
    """Why the dose was given with ``item`` open, if the guide said so."""
    for what, why, moment in report.facts.overrides:
        if not what.startswith(OPEN_CHECKLIST):
            continue
        listed = what[len(OPEN_CHECKLIST) :]
        if item in listed.split("; ") or ("; " in item and item in listed):
            when = _at(report.at_event(moment))
            return f"; dose given with it open, reason: {escape(why or '-')} ({when})"
    return ""


def _checklist(report: Report) -> list[list[str]]:
    """Every item of the protocol's checklist (and any other ticked), ticked or not."""
    facts = report.facts
    planned = report.protocol.setup.checklist if report.protocol is not None else ()
    items = list(dict.fromkeys([*planned, *facts.checklist]))
    rows = []
    for item in items:
        if item in facts.checklist:
            by, moment = facts.checklist[item]
            rows.append([escape(item), escape(by), _at(report.at_event(moment))])
        else:
            state = "<span class='flag'>not ticked</span>" + _override_for(item, report)
            rows.append([escape(item), state, "-"])
    return rows


def _close(report: Report) -> str:
    facts = report.facts
    checklist = _checklist(report)
    discharge = [
        [escape(item), escape(by), _at(report.at_event(moment))]
        for item, (by, moment) in facts.discharge.items()
    ]
    overrides = "".join(
        f"<li>{escape(what)} — reason: {escape(why)} ({_at(report.at_event(moment))})</li>"
        for what, why, moment in facts.overrides
    )
    if report.minimum is None:
        minimum = "No minimum length in this protocol."
    else:
        ran = "-" if report.length is None else clock_text(report.length)
        met = {True: "met", False: "NOT met", None: "session not ended"}[report.minimum_met]
        unit = report.doses()[0].unit if report.doses() else ""
        minimum = (
            f"Minimum {duration_text(report.minimum)} for a total of "
            f"{report.total_dose:g} {escape(unit)}; the session ran {ran}: "
            f"<b>{met}</b>."
        )
        doses = report.protocol.setup.doses if report.protocol is not None else None
        if doses is not None and doses.past_table(report.total_dose):
            minimum += (
                " The total is past the protocol's table of minimums by dose: its longest"
                " minimum applies."
            )
    return (
        "<h2>Pre-session checklist</h2>"
        + _table(["Item", "Ticked by", "When"], checklist)
        + "<h2>Discharge</h2>"
        + _table(["Item", "By", "When"], discharge)
        + f"<p>Outcome: {escape(facts.outcome or '-')}</p>"
        + "<h2>Minimum session length</h2>"
        + f"<p>{minimum}</p>"
        + (f"<h2>Rules overridden</h2><ul>{overrides}</ul>" if overrides else "")
        + "<h2>Sign-off</h2><p>Reviewed by ______________________________ "
        "Date ______________ Signature ______________________</p>"
    )


def _rems(report: Report) -> str:
    """The REMS Patient Monitoring Form, on a page of its own, MISSING where not captured."""
    plan = report.protocol.rems if report.protocol is not None else None
    if plan is None:
        return ""
    rows = [
        [escape(question), f"<b>{escape(answer)}</b>" if MISSING in answer else escape(answer)]
        for question, answer in rems_form(report, plan)
    ]
    gaps = missing(rems_form(report, plan))
    status = (
        f"<p class='flag'>Incomplete: {escape('; '.join(gaps))}.</p>"
        if gaps
        else "<p>Every field was captured by the session.</p>"
    )
    return (
        "<h2 style='page-break-before: always'>Spravato REMS Patient Monitoring Form</h2>"
        + _table(["Field", "Recorded"], rows)
        + status
    )


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
        _close(report),
        _rems(report),
        sources,
    ]
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
