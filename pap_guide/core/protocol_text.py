"""A protocol told in plain text, for the guide choosing it at set-up.

Only what the protocol file holds is told: its description, planned length,
phases, dose rules, the people it asks for, its note and its sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from pap_guide.core.dosing import DoseBand, DosePlan
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.timefmt import clock_text, duration_text

REQUIREMENT_TEXT = {
    "monitor": "a monitor",
    "two_facilitators": "two facilitators (guide and co-guide)",
}


def protocol_summary(protocol: SessionProtocol) -> str:
    """The protocol in paragraphs separated by blank lines, as plain text."""
    blocks = [protocol.description.strip()] if protocol.description.strip() else []
    blocks.append(f"Planned length: {duration_text(protocol.planned_length)} after the dose.")
    blocks.append(_phases(protocol))
    doses = _doses(protocol.setup.doses)
    if doses:
        blocks.append(doses)
    if protocol.setup.requires:
        needs = [
            REQUIREMENT_TEXT.get(r, r.replace("_", " ")) for r in sorted(protocol.setup.requires)
        ]
        blocks.append(f"Required in the room: {', '.join(needs)}.")
    if protocol.note.strip():
        blocks.append(f"Note: {protocol.note.strip()}")
    if protocol.sources:
        blocks.append("\n".join(["Sources:", *(f"- {s}" for s in protocol.sources)]))
    return "\n\n".join(blocks)


def _phases(protocol: SessionProtocol) -> str:
    lines = ["Phases (start after the dose):"]
    for phase in protocol.phases:
        lines.append(f"  T+{clock_text(phase.start, seconds=False)}  {phase.name}")
    lines.append(f"  T+{clock_text(protocol.planned_length, seconds=False)}  planned end")
    return "\n".join(lines)


def _amounts(amounts: Sequence[float], unit: str) -> str:
    return " or ".join(f"{a:g}" for a in amounts) + f" {unit}"


def _doses(plan: DosePlan) -> str:
    if not (plan.substance or plan.amounts or plan.minimum_minutes or plan.minimum_by_total):
        return ""
    lines = [f"Dose: {plan.substance or 'substance'}, {plan.route}."]
    if plan.amounts:
        lines.append(f"Usual amount: {_amounts(plan.amounts, plan.unit)}.")
    if plan.supplemental_amounts:
        lines.append(f"Supplemental amount: {_amounts(plan.supplemental_amounts, plan.unit)}.")
    window = plan.supplemental_window()
    if window is not None:
        start, end = (clock_text(t, seconds=False) for t in window)
        lines.append(f"Supplemental dose window: T+{start} to T+{end}.")
    if plan.ask_lot:
        lines.append("The lot number is recorded with each dose.")
    if plan.minimum_minutes is not None:
        lines.append(f"Minimum session length: {duration_text(plan.minimum_minutes * 60)}.")
    if plan.minimum_by_total:
        lines.append("Minimum session length by total dose:")
        lines.extend(f"  {_band(band, plan.unit)}" for band in plan.minimum_by_total)
    if plan.source:
        lines.append(f"Dose source: {plan.source}")
    return "\n".join(lines)


def _band(band: DoseBand, unit: str) -> str:
    low = f"{band.low:g}" if band.low_inclusive else f"over {band.low:g}"
    high = f"{band.high:g}" if band.high_inclusive else f"under {band.high:g}"
    text = f"{low} to {high} {unit}: {duration_text(band.minutes * 60)}"
    if band.first_session_minutes is not None:
        first = duration_text(band.first_session_minutes * 60)
        text += f" ({first} at the client's first session)"
    return text
