"""The Spravato REMS Patient Monitoring Form, filled from a session's record.

A protocol with a ``[rems]`` table names which of its checklist items,
discharge items and observation tags answer the form's questions. Every
field the session did not capture is MISSING, never blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pap_guide.core.entries import OBSERVATION
from pap_guide.core.rems_plan import RemsPlan
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text

MISSING = "MISSING"
AT_40 = (30 * 60, 55 * 60)  # "about 40 minutes" after the dose


def _t(seconds: float | None) -> str:
    return "pre-dose" if seconds is None else "T+" + clock_text(seconds, seconds=False)


def _bp(report: Report, low: float | None, high: float | None) -> str:
    """The last blood pressure between ``low`` and ``high`` session seconds; both None:
    the last one before the dose."""
    found = MISSING
    for line in report.vitals():
        values, at = line.reading().values, line.original.session_seconds
        if low is None and high is None:
            wanted = at is None
        else:
            wanted = at is not None and (low or 0) <= at <= (high or at)
        if "systolic" in values and "diastolic" in values and wanted:
            found = f"{values['systolic']:g}/{values['diastolic']:g} mmHg at {_t(at)}"
    return found


def _ticked(done: Mapping[str, tuple[str, Any]], item: str) -> str:
    if item not in done:
        return MISSING
    by, when = done[item]
    return f"Yes ({by}, {when.astimezone():%H:%M})"


def _observed(report: Report, tag: str, resolved: str) -> str:
    times = [
        _t(line.original.session_seconds)
        for line in report.lines
        if line.original.kind == OBSERVATION and line.current.data.get("tag") == tag
        and not line.struck
    ]  # fmt: skip
    if times:
        return "Yes, at " + ", ".join(times)
    return "No" if resolved in report.facts.discharge else MISSING


def rems_form(report: Report, plan: RemsPlan) -> list[tuple[str, str]]:
    """The form's fields in its order: (question, answer or MISSING)."""
    facts = report.facts
    doses = (
        "; ".join(f"{d.amount:g} {d.unit} lot {d.lot or MISSING}" for d in facts.doses) or MISSING
    )
    end = report.length
    before_end = _bp(report, end - 30 * 60, end) if end is not None else MISSING
    minutes = f"{end / 60:.0f} min" if end is not None else MISSING
    if end is not None and end / 60 < plan.minimum_minutes:
        minutes += f" (under {plan.minimum_minutes:g})"
    ready = facts.discharge.get(plan.ready_item)
    return [
        ("Treatment date", f"{report.record.created.astimezone():%Y-%m-%d}"),
        ("Dose and lot", doses),
        ("Blood pressure before dosing", _bp(report, None, None)),
        ("Blood pressure at about 40 minutes", _bp(report, *AT_40)),
        ("Blood pressure before the end", before_end),
        ("Vital signs acceptable before dosing", _ticked(facts.checklist, plan.baseline_item)),
        ("Vital signs acceptable before leaving", _ticked(facts.discharge, plan.before_end_item)),
        ("Sedation", _observed(report, plan.sedation_tag, plan.resolved_item)),
        ("Dissociation", _observed(report, plan.dissociation_tag, plan.resolved_item)),
        (
            "Respiratory depression",
            "No (ruled out)" if plan.respiratory_item in facts.discharge else MISSING,
        ),
        ("Total monitoring time", minutes),
        ("Ready to leave at", f"{ready[1].astimezone():%H:%M}" if ready else MISSING),
    ]


def missing(form: list[tuple[str, str]]) -> list[str]:
    return [question for question, answer in form if MISSING in answer or "(under" in answer]
