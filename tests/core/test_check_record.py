"""Every vitals check owed over a session, with what answered it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.check_record import LATE, MISSED, ON_TIME, CheckOutcome, check_outcomes
from pap_guide.core.checks import CheckPlan

EVERY_30 = CheckPlan(every_minutes=30, grace_minutes=5)


def states(found: list[CheckOutcome]) -> list[tuple[float, str, float | None]]:
    return [(c.due, c.state, c.taken) for c in found]


def test_on_time_late_and_missed_checks():
    found = check_outcomes(EVERY_30, 7200, 7200, [0, 1860, 4000])
    assert states(found) == [
        (0, ON_TIME, 0),
        (1800, ON_TIME, 1860),  # within the grace after
        (3600, LATE, 4000),  # after the grace, before the next check's grace
        (5400, MISSED, None),
    ]  # 7200: its grace had not run out at the end, so it was not yet owed
    assert found[2].late_by == 400


def test_a_reading_in_the_next_checks_early_grace_answers_that_one():
    found = check_outcomes(EVERY_30, 7200, 5000, [0, 3400])
    assert states(found) == [(0, ON_TIME, 0), (1800, MISSED, None), (3600, ON_TIME, 3400)]


def test_a_repeat_after_a_reading_over_a_limit_is_owed_too():
    found = check_outcomes(EVERY_30, 7200, 4200, [0, 1860, 4000], repeats=[1860 + 900])
    assert states(found) == [
        (0, ON_TIME, 0),
        (1800, ON_TIME, 1860),
        (2760, MISSED, None),  # the repeat 15 min after the flagged reading
        (3600, LATE, 4000),
    ]
    assert [c.repeat for c in found] == [False, False, True, False]


def test_checks_go_on_past_the_planned_end_while_the_session_runs():
    found = check_outcomes(EVERY_30, 3600, 7200, [0])
    assert [c.due for c in found] == [0, 1800, 3600, 5400]


def test_no_plan_no_checks():
    assert check_outcomes(None, 7200, 7200, [0]) == []


@given(
    readings=st.lists(st.floats(0, 20000, allow_nan=False), max_size=30),
    end=st.floats(0, 20000, allow_nan=False),
    repeats=st.lists(st.floats(0, 20000, allow_nan=False), max_size=5),
)
def test_every_check_owed_is_listed_once_and_answered_by_a_reading(readings, end, repeats):
    found = check_outcomes(EVERY_30, 7200, end, readings, repeats)
    dues = [c.due for c in found]
    assert dues == sorted(set(dues))
    assert all(c.due >= 0 and c.due + 300 < end for c in found)
    for check in found:
        if check.state == MISSED:
            assert check.taken is None
        else:
            assert check.taken in readings and check.taken >= check.due - 300
            assert (check.state == ON_TIME) == (check.taken <= check.due + 300)


def test_at_the_end_of_its_grace_a_check_is_not_yet_owed_as_in_the_window():
    from pap_guide.core.checks import check_status

    found = check_outcomes(EVERY_30, 7200, 3600 + 300, [0, 1800])
    assert [c.due for c in found] == [0, 1800]  # T+1:00 not yet overdue at T+1:05
    assert not check_status(EVERY_30, 3600 + 300, 7200, [1800]).overdue
