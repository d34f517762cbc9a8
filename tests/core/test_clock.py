from datetime import UTC, datetime, timedelta

import pytest

from pap_guide.core.clock import FakeClock, JumpDetector, RehearsalClock, SystemClock


def test_system_clock_is_utc_and_monotonic_moves_forward():
    clock = SystemClock()
    assert clock.now().tzinfo is UTC
    first = clock.monotonic()
    assert clock.monotonic() >= first


def test_fake_clock_advances_both_readings():
    clock = FakeClock()
    start_wall, start_mono = clock.now(), clock.monotonic()
    clock.advance(90)
    assert clock.now() - start_wall == timedelta(seconds=90)
    assert clock.monotonic() - start_mono == 90


def test_rehearsal_clock_runs_faster_from_its_anchor():
    base = FakeClock()
    anchor = base.now()
    fast = RehearsalClock(base, 60, anchor)
    base.advance(10)
    assert fast.now() - anchor == timedelta(seconds=600)
    assert fast.monotonic() == pytest.approx(base.monotonic() - 10 + 600)


def test_rehearsal_clock_resumes_where_it_would_have_been():
    base = FakeClock()
    anchor = base.now()
    base.advance(30)
    resumed = RehearsalClock(base, 100, anchor)
    assert resumed.now() == anchor + timedelta(seconds=3000)


def test_rehearsal_clock_refuses_non_positive_speed():
    with pytest.raises(ValueError):
        RehearsalClock(FakeClock(), 0, datetime.now(UTC))


def test_jump_detector_ignores_normal_time_and_sleep():
    clock = FakeClock()
    detector = JumpDetector(clock)
    clock.advance(1)
    assert detector.check() == 0.0
    clock.advance(3 * 3600)  # laptop asleep: both readings moved
    assert detector.check() == 0.0


def test_jump_detector_reports_wall_clock_jumps_both_ways():
    clock = FakeClock()
    detector = JumpDetector(clock)
    clock.jump_wall(3600)
    assert detector.check() == pytest.approx(3600)
    clock.jump_wall(-120)
    assert detector.check() == pytest.approx(-120)
    clock.jump_wall(2)  # within tolerance
    assert detector.check() == 0.0
