"""The report's closing sections: what was checked before and after, and the sign-off;
and the Spravato REMS form on a page of its own."""

from __future__ import annotations

from pap_guide.core.rems import MISSING, missing, rems_form
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text, duration_text
from pap_guide.export.html_parts import escape, html_table, local_time

OPEN_CHECKLIST = "dose with open checklist: "  # how core words the override (clinical.py)


def _override_for(item: str, report: Report) -> str:
    """Why the dose was given with ``item`` open, if the guide said so."""
    for what, why, moment in report.facts.overrides:
        if not what.startswith(OPEN_CHECKLIST):
            continue
        listed = what[len(OPEN_CHECKLIST) :]
        if item in listed.split("; ") or ("; " in item and item in listed):
            when = local_time(report.at_event(moment))
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
            rows.append([escape(item), escape(by), local_time(report.at_event(moment))])
        else:
            state = "<span class='flag'>not ticked</span>" + _override_for(item, report)
            rows.append([escape(item), state, "-"])
    return rows


def closing_sections(report: Report) -> str:
    """The checklist, the discharge, the minimum length, the overrides and the sign-off."""
    facts = report.facts
    checklist = _checklist(report)
    discharge = [
        [escape(item), escape(by), local_time(report.at_event(moment))]
        for item, (by, moment) in facts.discharge.items()
    ]
    overrides = "".join(
        f"<li>{escape(what)} — reason: {escape(why)} ({local_time(report.at_event(moment))})</li>"
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
        + html_table(["Item", "Ticked by", "When"], checklist)
        + "<h2>Discharge</h2>"
        + html_table(["Item", "By", "When"], discharge)
        + f"<p>Outcome: {escape(facts.outcome or '-')}</p>"
        + "<h2>Minimum session length</h2>"
        + f"<p>{minimum}</p>"
        + (f"<h2>Rules overridden</h2><ul>{overrides}</ul>" if overrides else "")
        + "<h2>Sign-off</h2><p>Reviewed by ______________________________ "
        "Date ______________ Signature ______________________</p>"
    )


def rems_section(report: Report) -> str:
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
        + html_table(["Field", "Recorded"], rows)
        + status
    )
