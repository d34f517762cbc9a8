"""After a reboot the wall clock was wrong, and the banner said to set it: once it is set,
the session clock follows it (it had been read from the wrong clock at the restart).

Before, the fix was taken as one more jump of a clock that had been right: the
session clock kept the wrong hours (T+4 for a session one hour old), and every
entry saved in between held it there.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pap_guide.core.clinical import NeedsReason
from pap_guide.core.clock import FakeClock
from tests.helpers.ui import begin, child, shown, type_note

HOUR = 3600.0


def clock_shown(window) -> str:  # type: ignore[no-untyped-def]
    return child(window, "sessionClock").text()


def rebooted_fast(make_window, qtbot, data_dir, fast=3 * HOUR, away=0.0):  # type: ignore[no-untyped-def]
    """A session an hour after its dose, the laptop rebooted ``away`` seconds later
    with its clock ``fast`` seconds fast (3 h by default)."""
    first = FakeClock(boot="boot-1")
    window = shown(begin(make_window(clock=first)), qtbot)
    first.advance(HOUR)
    type_note(window, "calm, eyes closed")
    window.close()
    wall = first.wall + timedelta(seconds=fast + away)
    clock = FakeClock(wall=wall, mono=50.0, boot="boot-2")
    again = shown(make_window(clock=clock), qtbot)
    assert "check the date and time" in child(again, "problemBanner").text()
    assert again.desk.state().elapsed >= HOUR + fast + away  # read from the clock, as it was
    return again, clock


def test_the_clock_set_right_after_a_reboot_sets_the_session_clock_right(
    make_window, qtbot, data_dir
):
    window, clock = rebooted_fast(make_window, qtbot, data_dir)
    clock.advance(120)
    type_note(window, "asked for water")  # saved on the wrong clock: T+4:02
    clock.advance(60)
    clock.jump_wall(-3 * HOUR)  # the guide sets the clock (or NTP does)
    window.refresh()
    elapsed = window.desk.state().elapsed
    assert HOUR + 180 - 1 <= elapsed <= HOUR + 180 + 1, elapsed
    assert clock_shown(window).startswith("T+01:03")
    banner = child(window, "problemBanner").text()
    assert "check the date and time" not in banner
    assert "set by -3:00:00 after the restart" in banner
    clock.advance(30)
    window.refresh()
    assert window.desk.state().elapsed == pytest.approx(HOUR + 210, abs=1)  # and runs on
    with pytest.raises(NeedsReason) as asked:
        window.desk.end("Mara", "completed")
    assert "clock may be wrong" not in str(asked.value)  # only the minimum length is asked
    window.close()
    again = make_window(clock=clock)  # the same boot: restarted, it stays right
    assert again.desk.state().elapsed == pytest.approx(HOUR + 210, abs=2)
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        jumps = conn.execute(
            "SELECT session_seconds, data FROM events WHERE kind = 'clock_jump'"
        ).fetchall()
    assert len(jumps) == 1 and '"corrects": "restart"' in jumps[0][1]
    assert jumps[0][0] == pytest.approx(HOUR + 180, abs=1)  # stamped at the true time
    said = "The computer's clock was set back by 3 h 00 min after a restart that could not"
    assert any(said in line for line in again.record_text(again.desk.session.id))


def test_a_jump_after_a_checked_restart_is_still_absorbed(make_window, qtbot, data_dir):
    """Without a doubt at the restart, the session clock keeps running through a jump."""
    first = FakeClock(boot="boot-1")
    window = shown(begin(make_window(clock=first)), qtbot)
    first.advance(HOUR)
    type_note(window, "calm")
    window.close()
    again = shown(make_window(clock=first), qtbot)  # the same boot: the clock is checked
    first.jump_wall(-3 * HOUR)
    again.refresh()
    assert again.desk.state().elapsed == pytest.approx(HOUR, abs=1)
    first.jump_wall(3 * HOUR)
    again.refresh()
    assert again.desk.state().elapsed == pytest.approx(HOUR, abs=1)


def test_a_dose_given_on_the_wrong_clock_counts_from_it_once_the_clock_is_set(
    make_window, qtbot, data_dir
):
    """Set up before a reboot, dosed after it on the wrong clock: the dose's time was
    read from that clock too, so the session clock keeps running through the fix."""
    first = FakeClock(boot="boot-1")
    window = shown(make_window(clock=first), qtbot)
    child(window, "startSessionButton").click()
    first.advance(600)
    window.close()
    clock = FakeClock(wall=first.wall + timedelta(hours=3), mono=50.0, boot="boot-2")
    again = shown(make_window(clock=clock), qtbot)
    assert again.desk.state().pre_dose
    begin(again)  # the dose, given now (on the clock 3 h fast)
    clock.advance(900)
    clock.jump_wall(-3 * HOUR)
    again.refresh()
    assert again.desk.state().elapsed == pytest.approx(900, abs=1)


def test_the_clock_set_while_pap_guide_is_closed_is_its_fix_too(make_window, qtbot, data_dir):
    """The banner says check the clock: the monitor quits, sets it, starts again."""
    window, clock = rebooted_fast(make_window, qtbot, data_dir)
    clock.advance(60)
    type_note(window, "asked for water")
    window.close()
    clock.advance(30)
    clock.jump_wall(-3 * HOUR)
    again = shown(make_window(clock=clock), qtbot)
    assert again.desk.state().elapsed == pytest.approx(HOUR + 90, abs=1)
    banner = child(again, "problemBanner").text()
    assert "set by -3:00:00 while pap-guide was closed" in banner
    assert "check the date and time" not in banner


def test_a_plain_restart_before_the_fix_keeps_the_doubt_and_the_fix(make_window, qtbot, data_dir):
    window, clock = rebooted_fast(make_window, qtbot, data_dir)
    clock.advance(30)
    type_note(window, "resting")
    window.close()
    again = shown(make_window(clock=clock), qtbot)  # the same boot, the clock not yet set
    assert "has not been set since" in child(again, "problemBanner").text()
    clock.advance(30)
    clock.jump_wall(-3 * HOUR)
    again.refresh()
    assert again.desk.state().elapsed == pytest.approx(HOUR + 60, abs=1)


def test_a_fix_in_two_steps_the_hour_then_the_minutes(make_window, qtbot, data_dir):
    window, clock = rebooted_fast(make_window, qtbot, data_dir, fast=3 * HOUR + 600)
    clock.jump_wall(-3 * HOUR)
    window.refresh()
    clock.advance(20)
    clock.jump_wall(-600)
    window.refresh()
    assert window.desk.state().elapsed == pytest.approx(HOUR + 20, abs=1)


def test_a_next_phase_started_on_the_wrong_clock_stays_started(make_window, qtbot, data_dir):
    window, clock = rebooted_fast(make_window, qtbot, data_dir)
    before = window.desk.state().phase_name
    child(window, "nextPhaseButton").click()
    chosen = window.desk.state().phase_name
    assert chosen != before
    clock.advance(60)
    clock.jump_wall(-3 * HOUR)
    window.refresh()
    state = window.desk.state()
    assert state.elapsed == pytest.approx(HOUR + 60, abs=1)
    assert state.phase_name == chosen  # the guide's "next phase", at the true time


def test_a_right_clock_moved_wrong_after_a_doubted_restart_is_an_ordinary_jump(
    make_window, qtbot, data_dir
):
    """Really away 20 minutes with the clock right: the restart asks to check it anyway.
    Two hours on, someone sets the clock back an hour: more than the restart's gap, so
    not its fix; the session clock runs through it."""
    window, clock = rebooted_fast(make_window, qtbot, data_dir, fast=0.0, away=1200.0)
    clock.advance(2 * HOUR)
    type_note(window, "talking about her father")
    clock.jump_wall(-HOUR)
    window.refresh()
    assert window.desk.state().elapsed == pytest.approx(3 * HOUR + 1200, abs=1)
    assert "set by" not in child(window, "problemBanner").text()


def test_set_right_after_a_reboot_that_took_minutes_the_doubt_is_gone(make_window, qtbot, data_dir):
    """The reboot's own two minutes are in the restart's gap: the fix leaves them, and
    the next start does not say the clock was never set."""
    window, clock = rebooted_fast(make_window, qtbot, data_dir, away=120.0)
    clock.jump_wall(-3 * HOUR)
    window.refresh()
    assert window.desk.state().elapsed == pytest.approx(HOUR + 120, abs=1)
    window.close()
    again = make_window(clock=clock)
    assert "has not been set since" not in child(again, "problemBanner").text()
    assert again.desk.clock_doubt == ""
    assert again.desk.state().elapsed == pytest.approx(HOUR + 120, abs=1)
