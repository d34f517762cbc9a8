"""The reminders a session keeps in view: the supplemental-dose window, the
minimum length, and who is out of the room (and for how long)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pap_guide.core.facts import SessionFacts
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState
from pap_guide.core.timefmt import clock_text, duration_text


@dataclass(frozen=True)
class Reminder:
    text: str
    due: bool = False  # something to act on now


def reminders(
    state: SessionState,
    protocol: SessionProtocol,
    facts: SessionFacts,
    minimum: float | None,
    now: datetime,
) -> list[Reminder]:
    """For an open session in ``state``; ``minimum``: its least length in seconds."""
    found = []
    window = protocol.setup.doses.supplemental_window()
    if window is not None and not state.pre_dose and len(facts.doses) == 1:
        start, stop = window
        if state.elapsed < start:
            found.append(
                Reminder(
                    f"Supplemental dose window opens at T+"
                    f"{clock_text(start, seconds=False)} (in "
                    f"{duration_text(start - state.elapsed)})"
                )
            )
        elif state.elapsed <= stop:
            found.append(
                Reminder(
                    f"Supplemental dose window open until T+{clock_text(stop, seconds=False)}",
                    due=True,
                )
            )
    if minimum is not None and not state.pre_dose and state.elapsed < minimum:
        found.append(
            Reminder(
                f"Minimum length {duration_text(minimum)}: may end from "
                f"T+{clock_text(minimum, seconds=False)}"
            )
        )
    for absence in facts.out.values():
        away = (now - absence.since).total_seconds()
        found.append(
            Reminder(
                f"{absence.name} out of the room for {duration_text(away)}"
                f" (covered by {absence.cover})",
                due=True,
            )
        )
    return found
