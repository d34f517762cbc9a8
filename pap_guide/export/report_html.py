"""The report as HTML for Qt's rich-text engine (a printed clinical document)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from pap_guide.core import entries as kinds
from pap_guide.core.entries import LogLine, describe
from pap_guide.core.rems import MISSING, missing, rems_form
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text, duration_text
from pap_guide.core.vitals import SIGNS
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
"""


def _t(seconds: float | None) -> str:
    return "pre-dose" if seconds is None else "T+" + clock_text(seconds)


def _at(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p class='muted'>None recorded.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table width='100%' cellspacing='-1' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def _header(report: Report) -> str:
    r = report.record
    people = ", ".join(f"{escape(n)} ({escape(role)})" for n, role in report.facts.people.items())
    rows = [
        ["Patient code", escape(r.patient or "-")],
        [
            "Session",
            f"{r.id} · {escape(r.session_type)}" + (" · <b>REHEARSAL</b>" if r.rehearsal else ""),
        ],
        ["Protocol", escape(report.protocol_name)],
        ["Date", _at(r.created)],
        ["Dose (T0) / end", f"{_at(report.dose_at)} / {_at(report.ended_at)}"],
        ["People present", people or "-"],
    ]
    body = "".join(f"<tr><th width='22%'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        "<h1>Dosing session report</h1>"
        f"<table width='100%' cellspacing='-1' cellpadding='3'>{body}</table>"
    )


def _doses(report: Report) -> str:
    rows = [
        [
            str(i),
            _at(d.given),
            escape(d.substance),
            f"{d.amount:g} {escape(d.unit)}",
            escape(d.route),
            escape(d.lot or "-"),
        ]
        for i, d in enumerate(report.doses(), start=1)
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
    """The vital signs of a line whose values broke a protocol limit, read from its
    flags (``core/vitals.py`` words each as "<label> <value> <unit> above|below ...")."""
    if not line.flagged:
        return set()
    values = line.reading().values
    return {
        key
        for key, value in values.items()
        if key in SIGNS
        and any(
            flag.startswith(f"{SIGNS[key].label} {value:g} {SIGNS[key].unit} ")
            for flag in line.current.flags
        )
    }


def _value(values: dict[str, float], key: str, broken: set[str]) -> str:
    if key not in values:
        return ""
    text = f"{values[key]:g}"
    return f"<span class='flag'>{text}</span>" if key in broken else text


def _vitals(report: Report, chart: bool) -> str:
    rows = []
    for line in report.vitals():
        values = dict(line.reading().values)
        broken = _broken(line)
        cells = [_t(line.original.session_seconds), escape(line.original.phase or "-")]
        bp = (
            f"{_value(values, 'systolic', broken)}/{_value(values, 'diastolic', broken)}"
            if "systolic" in values
            else ""
        )
        cells.append(bp)
        cells += [
            _value(values, k, broken) for k in ("heart_rate", "spo2", "resp_rate", "temperature_c")
        ]
        notes = (
            "<span class='flag'>⚠ " + escape("; ".join(line.current.flags)) + "</span>"
            if line.flagged
            else ""
        )
        if len(line.history) > 1:
            current = line.current
            notes += (
                f" <span class='muted'>corrected from <s>{escape(describe(line.original))}"
                f"</s> by {escape(current.author)} at {_at(current.utc)}: "
                f"{escape(current.reason)}</span>"
            )
        cells.append(notes)
        rows.append(cells)
    image = "<p><img src='chart://vitals' width='640'></p>" if chart else ""
    return (
        "<h2>Vital signs</h2>"
        + image
        + _table(
            ["Time", "Phase", "BP mmHg", "HR /min", "SpO2 %", "RR /min", "Temp °C", "Flags"], rows
        )
    )


def _entry_row(line: LogLine) -> list[str]:
    original, current = line.original, line.current
    text = escape(describe(current))
    if line.struck:
        text = (
            f"<s>{escape(describe(original))}</s><br><span class='muted'>struck out by "
            f"{escape(current.author)} at {_at(current.utc)}: {escape(current.reason)}"
            "</span>"
        )
    elif len(line.history) > 1:
        text = (
            f"<s>{escape(describe(original))}</s> {text}<br><span class='muted'>corrected "
            f"by {escape(current.author)} at {_at(current.utc)}: "
            f"{escape(current.reason)}</span>"
        )
    if original.kind == kinds.ADVERSE:
        text = f"<span class='adverse'>{text}</span>"
    return [
        _t(original.session_seconds),
        escape(original.author),
        escape(kinds.KIND_LABELS[original.kind]),
        text,
    ]


def _log(report: Report) -> str:
    rows = [_entry_row(line) for line in report.lines if line.original.kind != kinds.VITALS]
    return "<h2>Notes, observations and ratings</h2>" + _table(
        ["Time", "By", "Kind", "Entry"], rows
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


def _override_for(item: str, overrides: list[tuple[str, str, datetime]]) -> str:
    """Why the dose was given with ``item`` open, if the guide said so."""
    for what, why, when in overrides:
        if not what.startswith(OPEN_CHECKLIST):
            continue
        listed = what[len(OPEN_CHECKLIST) :]
        if item in listed.split("; ") or ("; " in item and item in listed):
            return f"; dose given with it open, reason: {escape(why or '-')} ({_at(when)})"
    return ""


def _checklist(report: Report) -> list[list[str]]:
    """Every item of the protocol's checklist (and any other ticked), ticked or not."""
    facts = report.facts
    planned = report.protocol.setup.checklist if report.protocol is not None else ()
    items = list(dict.fromkeys([*planned, *facts.checklist]))
    rows = []
    for item in items:
        if item in facts.checklist:
            by, when = facts.checklist[item]
            rows.append([escape(item), escape(by), _at(when)])
        else:
            state = "<span class='flag'>not ticked</span>" + _override_for(item, facts.overrides)
            rows.append([escape(item), state, "-"])
    return rows


def _close(report: Report) -> str:
    facts = report.facts
    checklist = _checklist(report)
    discharge = [
        [escape(item), escape(by), _at(when)] for item, (by, when) in facts.discharge.items()
    ]
    overrides = "".join(
        f"<li>{escape(what)} — reason: {escape(why)} ({_at(when)})</li>"
        for what, why, when in facts.overrides
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
        _log(report),
        _music(report),
        _close(report),
        _rems(report),
        sources,
    ]
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
