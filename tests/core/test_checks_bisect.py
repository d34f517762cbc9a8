"""check_status finds the next due check by bisection: the same answers as comparing each."""

from __future__ import annotations

import math
from collections.abc import Iterable

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.checks import CheckPlan, CheckStatus, check_status
from pap_guide.core.timefmt import clock_text, duration_text


def linear_status(
    plan: CheckPlan | None,
    elapsed: float,
    planned_end: float,
    checks_done: Iterable[float],
    repeats: Iterable[float] = (),
    pre_dose: bool = False,
) -> CheckStatus:
    """The first version, each due check compared in turn: the reference."""
    done = sorted(checks_done)
    if plan is None:
        return CheckStatus(None, False, "No vitals schedule in this protocol")
    if pre_dose:
        if any(t <= 0 for t in plan.due_times(planned_end)) and not done:
            return CheckStatus(0.0, False, "Baseline vitals due before the dose")
        return CheckStatus(None, False, "Vitals checks start at the dose")
    grace = plan.grace_minutes * 60
    until = elapsed + plan.every_minutes * 60 if plan.every_minutes else None
    due = sorted(set(plan.due_times(planned_end, until)) | set(repeats))
    latest = done[-1] if done else -math.inf
    for at in due:
        if at < 0 or latest >= at - grace:
            continue
        label = "Repeat check" if at in set(repeats) else "Vitals check"
        if elapsed > at + grace:
            count = sum(1 for later in due if at <= later < elapsed - grace)  # one by one
            if count > 1:
                which = "the repeat due" if at in set(repeats) else "due"
                return CheckStatus(
                    at,
                    True,
                    f"{count} checks overdue (first: {which} T+{clock_text(at, seconds=False)})",
                )
            return CheckStatus(
                at,
                True,
                f"{label} overdue by {duration_text(elapsed - at)} "
                f"(due T+{clock_text(at, seconds=False)})",
            )
        wait = at - elapsed
        # the wording as it is now (late inside the grace: "5 min ago"); what is
        # compared is which check is found, by bisection against one by one
        soon = (
            f"in {duration_text(wait)}"
            if wait > 0
            else "now"
            if wait > -60
            else f"{duration_text(-wait)} ago"
        )
        return CheckStatus(at, False, f"{label} due at T+{clock_text(at, seconds=False)} ({soon})")
    return CheckStatus(None, False, "No more checks scheduled")


seconds = st.floats(-3600, 30000, allow_nan=False)
plans = st.one_of(
    st.none(),
    st.builds(
        CheckPlan,
        every_minutes=st.one_of(st.none(), st.sampled_from([1.0, 5.0, 15.0, 30.0, 7.5])),
        at_minutes=st.lists(st.floats(-30, 500, allow_nan=False), max_size=8).map(tuple),
        before_end_minutes=st.one_of(st.none(), st.floats(0, 120, allow_nan=False)),
        grace_minutes=st.floats(0, 30, allow_nan=False),
    ),
)


@given(
    plan=plans,
    elapsed=seconds,
    planned_end=st.floats(600, 28800, allow_nan=False),
    done=st.lists(seconds, max_size=30),
    repeats=st.lists(seconds, max_size=10),
    pre_dose=st.booleans(),
)
def test_bisection_gives_what_comparing_every_check_gave(
    plan, elapsed, planned_end, done, repeats, pre_dose
):
    assert check_status(plan, elapsed, planned_end, done, repeats, pre_dose) == linear_status(
        plan, elapsed, planned_end, done, repeats, pre_dose
    )


def test_checks_and_readings_taken_as_iterators_once():
    plan = CheckPlan(every_minutes=15.0)
    status = check_status(plan, 1000.0, 21600.0, iter([0.0, 880.0]), iter([1500.0]))
    assert status == linear_status(plan, 1000.0, 21600.0, [0.0, 880.0], [1500.0])
