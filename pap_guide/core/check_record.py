"""What became of each vitals check the plan asked for: on time, late or missed.

The window says only the next check due; the record for the clinical file has
to say every check owed over the session and what answered it, or a missed
check after a reading over a limit leaves no trace anywhere (the readings are
there, the gaps between them are not).

The rules are the window's (core/checks.py): a reading taken up to the grace
before a check answers it; within the grace after, it is on time; later but
before the next check's grace begins, it is late; otherwise the check was
missed (the next reading answers the next check). A check whose grace had not
run out when the session ended was not yet owed (at the end of the grace
exactly, as in the window, it is not yet overdue). A baseline before the dose
counts as taken at T+0, as in the window.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass

from pap_guide.core.checks import CheckPlan

ON_TIME, LATE, MISSED = "on time", "late", "missed"


@dataclass(frozen=True)
class CheckOutcome:
    due: float  # session seconds
    repeat: bool  # a repeat after a reading over a limit, not the regular plan
    taken: float | None  # session seconds of the reading that answered it
    state: str  # ON_TIME, LATE or MISSED

    @property
    def late_by(self) -> float:
        return 0.0 if self.taken is None else max(0.0, self.taken - self.due)


def check_outcomes(
    plan: CheckPlan | None,
    planned_end: float,
    end: float,
    readings: Iterable[float],
    repeats: Iterable[float] = (),
) -> list[CheckOutcome]:
    """Each check owed from the dose to ``end`` (session seconds), oldest first.

    ``readings``: the session times of the vitals in the record (struck-out ones
    left out); ``repeats``: the times repeat checks fell due (a reading over a
    limit plus the protocol's repeat minutes).
    """
    if plan is None:
        return []
    grace = plan.grace_minutes * 60
    repeat_times = set(repeats)
    due = sorted(
        at
        for at in set(plan.due_times(planned_end, end)) | repeat_times
        if at >= 0 and at + grace < end  # not yet overdue at the end (as the window): not owed
    )
    taken = sorted(readings)
    found = []
    for index, at in enumerate(due):
        after = due[index + 1] if index + 1 < len(due) else math.inf
        first = bisect.bisect_left(taken, at - grace)
        reading = taken[first] if first < len(taken) else None
        if reading is not None and reading <= at + grace:
            state = ON_TIME
        elif reading is not None and reading < after - grace:
            state = LATE
        else:
            state, reading = MISSED, None
        found.append(CheckOutcome(at, at in repeat_times, reading, state))
    return found
