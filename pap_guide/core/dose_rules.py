"""What the protocol's dose rules read and say: the supplemental window, the doses
given so far (with a question about one more), the checklist still open, and
whether this is the patient's first session at the center (for the minimum)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pap_guide.core.controller import SessionStore
from pap_guide.core.dosing import Dose, DosePlan
from pap_guide.core.session import EventKind, SessionRecord, Timeline
from pap_guide.core.timefmt import clock_text


def outside_window(plan: DosePlan, timeline: Timeline | None, when: datetime) -> str:
    """'' when a later dose given at ``when`` falls in the protocol's supplemental
    window (or there is none, or no first dose yet), else why not."""
    window = plan.supplemental_window()
    if window is None or timeline is None or timeline.dose_at is None:
        return ""
    given = timeline.elapsed(when)
    start, stop = window
    if start <= given <= stop:
        return ""
    return (
        f"at T+{clock_text(given, seconds=False)}, outside the supplemental window "
        f"T+{clock_text(start, seconds=False)} to T+{clock_text(stop, seconds=False)}"
    )


def given_so_far(timeline: Timeline | None, doses: Sequence[Dose]) -> str:
    """' Given so far: 120 mg at T+0:00, 40 mg at T+1:33.' for a question about
    one more (the guide answers it with the doses in front of them)."""
    if timeline is None or not doses:
        return ""
    at = [clock_text(timeline.elapsed(dose.given), seconds=False) for dose in doses]
    given = ", ".join(f"{d.amount:g} {d.unit} at T+{t}" for d, t in zip(doses, at, strict=True))
    return f" Given so far: {given}."


def open_items_text(count: int) -> str:
    return "1 checklist item is" if count == 1 else f"{count} checklist items are"


def first_at_center(session: SessionRecord, store: SessionStore) -> bool:
    """No earlier dosing session with a dose for this patient in the 12 months before."""
    if not session.patient:
        return False
    year_ago = session.created - timedelta(days=365)
    for other in store.patient_sessions(session.patient):
        if other.id >= session.id or other.created < year_ago or other.rehearsal:
            continue
        if other.session_type == "dosing" and any(
            e.kind == EventKind.DOSE for e in store.events(other.id)
        ):
            return False
    return True
