from pap_guide.core.checks import CheckPlan, check_status

PLAN = CheckPlan(every_minutes=30, before_end_minutes=10, grace_minutes=5)
END = 6 * 3600


def test_due_times():
    times = PLAN.due_times(END)
    assert times[:3] == [0, 1800, 3600]
    assert times[-2:] == [END - 600, END]
    assert CheckPlan(at_minutes=(-30, 0, 40)).due_times(END) == [-1800, 0, 2400]


def test_next_due_moves_as_checks_are_done():
    status = check_status(PLAN, 60, END, [])
    assert status.due_at == 0 and not status.overdue
    assert check_status(PLAN, 60, END, [30]).due_at == 1800
    status = check_status(PLAN, 1790, END, [30])
    assert "in under 1 min" in status.text


def test_overdue_after_grace():
    status = check_status(PLAN, 1800 + 301, END, [30])
    assert status.overdue and status.due_at == 1800
    assert "overdue by 5 min" in status.text
    assert not check_status(PLAN, 1800 + 299, END, [30]).overdue


def test_a_check_slightly_early_counts():
    assert check_status(PLAN, 1790, END, [30, 1700]).due_at == 3600


def test_repeat_after_a_flagged_reading():
    status = check_status(PLAN, 2000, END, [30, 1810], repeats=[1810 + 900])
    assert status.due_at == 2710 and status.text.startswith("Repeat check")


def test_pre_dose_and_no_plan():
    assert (
        "Baseline" in check_status(CheckPlan(at_minutes=(-30, 0)), 0, END, [], pre_dose=True).text
    )
    assert check_status(None, 0, END, []).due_at is None


def test_nothing_left_of_fixed_checks():
    plan = CheckPlan(at_minutes=(-10, 40), before_end_minutes=10)
    everything = plan.due_times(END)
    assert check_status(plan, END + 10, END, everything).due_at is None
    assert check_status(plan, END + 10, END, everything).text == "No more checks scheduled"


def test_regular_checks_go_on_past_the_planned_end():
    """The session is still open at T+6:10: the patient is still watched every 30 min."""
    done_at_end = PLAN.due_times(END)
    status = check_status(PLAN, END + 600, END, done_at_end)
    assert status.due_at == END + 1800 and not status.overdue
    assert status.text == "Vitals check due at T+6:30 (in 20 min)"
    late = check_status(PLAN, END + 1800 + 301, END, done_at_end)
    assert late.overdue and late.due_at == END + 1800
    # the fixed checks stay where the plan puts them
    assert PLAN.due_times(END, END + 3600)[-4:] == [END - 600, END, END + 1800, END + 3600]


def test_a_late_reading_settles_the_missed_check_and_shows_the_next():
    # T+0:30 and T+1:00 were missed; a reading at T+1:23 settles them both
    assert check_status(PLAN, 5000, END, [30]).overdue
    status = check_status(PLAN, 5100, END, [30, 5000])
    assert not status.overdue and status.due_at == 5400
    assert status.text == "Vitals check due at T+1:30 (in 5 min)"


def test_a_repeat_after_a_late_flagged_reading_is_shown():
    status = check_status(PLAN, 5100, END, [30, 5000], repeats=[5000 + 900])
    assert status.due_at == 5400  # the regular check comes first, then the repeat
    later = check_status(PLAN, 5500, END, [30, 5000, 5450], repeats=[5900])
    assert later.due_at == 5900 and later.text.startswith("Repeat check")


def test_a_check_late_within_the_grace_says_how_late_not_now():
    """Found in a walkthrough: five minutes late it still read "(now)"."""
    plan = CheckPlan(every_minutes=30, grace_minutes=10)
    late = check_status(plan, 30 * 60 + 5 * 60, 6 * 3600, [0.0])
    assert not late.overdue
    assert late.text == "Vitals check due at T+0:30 (5 min ago)"
    assert check_status(plan, 30 * 60 + 20, 6 * 3600, [0.0]).text.endswith("(now)")


def test_an_hour_without_readings_says_how_many_checks_were_missed():
    """One missed check was named; the ones missed after it were never mentioned."""
    plan = CheckPlan(every_minutes=15, grace_minutes=5)
    status = check_status(plan, 3900, 21600, [0.0])  # T+1:05, nothing since the baseline
    assert status.overdue
    assert status.text == "3 checks overdue (first: due T+0:15)"
    one = check_status(plan, 1300, 21600, [0.0])  # T+0:21:40: only the first missed yet
    assert one.text == "Vitals check overdue by 6 min (due T+0:15)"
