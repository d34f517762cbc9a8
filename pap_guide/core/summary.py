"""A plain-text record of one session, for reading a past session back."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from pap_guide.core.bidi import closed
from pap_guide.core.entries import describe, late_dose_note
from pap_guide.core.report import Report
from pap_guide.core.sentences import event_sentence
from pap_guide.core.timefmt import clock_text


def _at(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _t(seconds: float | None) -> str:
    return "pre-dose" if seconds is None else "T+" + clock_text(seconds)


def session_lines(report: Report) -> list[str]:
    """Everything recorded about a session, oldest first, one line each."""
    record, protocol, facts = report.record, report.protocol, report.facts
    name = protocol.name if protocol else f"{record.protocol_key} (protocol file missing)"
    lines = [
        f"Session {record.id} · {name} · {record.session_type}"
        + (f" · REHEARSAL x{record.speed:g}" if record.rehearsal else ""),
        f"Patient: {record.patient or '-'} · created {_at(report.created_at)}",
    ]
    lines.append("People: " + (", ".join(f"{n} ({r})" for n, r in facts.people.items()) or "-"))
    for item, (by, moment) in facts.checklist.items():
        lines.append(f"Checklist: {item} — {by}, {_at(report.at_event(moment))}")
    # times by the session's clock (the laptop's clock may have moved: Report.at)
    for dose, seconds in zip(facts.doses, report.dose_times(), strict=True):
        lot = f", lot {dose.lot}" if dose.lot else ""
        lines.append(
            f"Dose: {dose.amount:g} {dose.unit} {dose.substance} ({dose.route}{lot})"
            f" at {_at(report.at(dose.given, seconds))}"
        )
    if report.length is not None:
        lines.append(f"Length: {clock_text(report.length)}")
    lines.append("Events:")
    for event in report.events:
        sentence = event_sentence(event)
        if sentence is not None:
            moment = report.at(event.utc, event.session_seconds)
            lines.append(f"  {_at(moment)} {_t(event.session_seconds)} {sentence}")
    for item, (by, moment) in facts.discharge.items():
        lines.append(f"Discharge: {item} — {by}, {_at(report.at_event(moment))}")
    if facts.outcome:
        lines.append(f"Outcome: {facts.outcome}")
    lines.append("Log:")
    for line in report.lines:
        entry = line.current
        text = closed(describe(entry))  # typed text, and words after it on the line
        if line.struck:
            text = f"[struck out] {text}"
        elif len(line.history) > 1:
            text += " (corrected)"
        flags = f" ⚠ {'; '.join(entry.flags)}" if line.flagged else ""
        at = report.when(line.original)
        lines.append(f"  {at} {line.original.author}: {text}{flags}")
        for before, step in pairwise(line.history):  # each change, oldest first
            changed = _at(report.at(step.utc, step.session_seconds))
            who = f"by {closed(step.author)} at {changed}: {closed(step.reason)}"
            change = (
                f"struck out {who}"
                if step.struck
                else f"corrected {who}; was: {closed(describe(before))}"
            )
            lines.append(f"      {change}")
    dose_at = report.dose_at
    if dose_at is not None and report.any_late(report.lines):
        lines.append(f"  {late_dose_note(dose_at)}")
    lines.append("Music:")
    for play in report.plays:
        lines.append(f"  {_t(play.session_seconds)} {play.phase}: {play.title}")
    return lines
