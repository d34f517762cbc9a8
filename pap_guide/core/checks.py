"""The vitals check schedule: when the next check is due, and when it is late."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pap_guide.core.timefmt import clock_text, duration_text


@dataclass(frozen=True)
class CheckPlan:
    """From a protocol's ``[vitals]`` table."""

    every_minutes: float | None = None
    at_minutes: tuple[float, ...] = ()
    before_end_minutes: float | None = None
    grace_minutes: float = 5.0

    def due_times(self, planned_end: float, until: float | None = None) -> list[float]:
        """Session seconds at which a check is due, in order: the fixed ones up to the
        planned end, the regular ones (``every_minutes``) up to ``until`` when that is
        later: a session still open past its planned end still has a patient to watch."""
        times = {m * 60 for m in self.at_minutes}
        if self.before_end_minutes is not None:
            times.add(planned_end - self.before_end_minutes * 60)
        times = {t for t in times if t <= planned_end}
        if self.every_minutes:
            step = self.every_minutes * 60
            horizon = planned_end if until is None else max(planned_end, until)
            times.update(i * step for i in range(int(horizon // step) + 1))
        return sorted(times)


def parse_check_plan(raw: Mapping[str, Any]) -> CheckPlan:
    at = raw.get("at_minutes", [])
    return CheckPlan(
        every_minutes=None if raw.get("every_minutes") is None else float(raw["every_minutes"]),
        at_minutes=tuple(float(m) for m in at),
        before_end_minutes=None
        if raw.get("before_end_minutes") is None
        else float(raw["before_end_minutes"]),
        grace_minutes=float(raw.get("grace_minutes", 5.0)),
    )


@dataclass(frozen=True)
class CheckStatus:
    due_at: float | None  # session seconds; None when nothing more is due
    overdue: bool
    text: str


def check_status(
    plan: CheckPlan | None,
    elapsed: float,
    planned_end: float,
    checks_done: Iterable[float],
    repeats: Iterable[float] = (),
    pre_dose: bool = False,
) -> CheckStatus:
    """The next due check given the times vitals were saved and repeat reminders.

    Only the latest reading counts (it settles every check due up to it), and
    the first check it leaves unsettled is found by bisection of the due times.
    """
    done = list(checks_done)
    if plan is None:
        return CheckStatus(None, False, "No vitals schedule in this protocol")
    if pre_dose:
        if any(t <= 0 for t in plan.due_times(planned_end)) and not done:
            return CheckStatus(0.0, False, "Baseline vitals due before the dose")
        return CheckStatus(None, False, "Vitals checks start at the dose")
    grace = plan.grace_minutes * 60
    repeat_times = set(repeats)
    # the regular checks go on past the planned end: far enough to hold the next one
    until = elapsed + plan.every_minutes * 60 if plan.every_minutes else None
    due = sorted(set(plan.due_times(planned_end, until)) | repeat_times)
    latest = max(done, default=-math.inf)
    # A reading settles every check due up to it, however late: a missed check
    # never hides the next one (the record keeps the reading's time). Both
    # "at >= 0" and "at - grace > latest" hold from some index on, as due is sorted.
    first = max(
        bisect.bisect_left(due, 0.0),
        bisect.bisect_right(due, latest, key=lambda at: at - grace),
    )
    if first == len(due):
        return CheckStatus(None, False, "No more checks scheduled")
    at = due[first]
    label = "Repeat check" if at in repeat_times else "Vitals check"
    if elapsed > at + grace:
        due_text = f"T+{clock_text(at, seconds=False)}"
        # more than one past its grace: counted, or an hour without readings read as
        # one late check (in one line of the label at 1280x720, as the one-check text)
        count = bisect.bisect_left(due, elapsed - grace) - first
        if count > 1:
            which = "the repeat due" if at in repeat_times else "due"
            return CheckStatus(at, True, f"{count} checks overdue (first: {which} {due_text})")
        return CheckStatus(
            at, True, f"{label} overdue by {duration_text(elapsed - at)} (due {due_text})"
        )
    wait = at - elapsed
    # within the grace a late check is not overdue yet, but it is not "now" either
    soon = (
        f"in {duration_text(wait)}"
        if wait > 0
        else "now"
        if wait > -60
        else f"{duration_text(-wait)} ago"
    )
    return CheckStatus(at, False, f"{label} due at T+{clock_text(at, seconds=False)} ({soon})")
