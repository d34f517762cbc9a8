"""The session clock: elapsed time, phases, moves, overrun, jumps."""

from datetime import timedelta

import pytest

from pap_guide.core.controller import SessionError
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.core.session import EventKind
from tests.helpers.memory_store import memory_controller

PLAN = SessionProtocol(
    key="plan",
    name="Plan",
    planned_length=6 * 3600,
    phases=(
        Phase("Introspection", 0, "i.m3u8", 0.7, 8),
        Phase("Peak", 135 * 60, "p.m3u8", 0.8, 8),
        Phase("Release", 210 * 60, "r.m3u8", 0.7, 8),
        Phase("Return to calm", 315 * 60, "c.m3u8", 0.6, 8),
    ),
)


@pytest.fixture
def controller(fake_clock):
    control = memory_controller(fake_clock, {"plan": PLAN})
    control.start("plan")
    return control


def test_at_the_dose(controller):
    state = controller.state()
    assert not state.pre_dose
    assert state.elapsed == 0
    assert state.phase_name == "Introspection"
    assert state.progress == 0
    assert state.time_to_next == 135 * 60
    assert state.overrun == 0


@pytest.mark.parametrize(
    ("minutes", "phase"),
    [
        (134.99, "Introspection"),
        (135, "Peak"),
        (209.99, "Peak"),
        (210, "Release"),
        (314.99, "Release"),
        (315, "Return to calm"),
        (360, "Return to calm"),
        (500, "Return to calm"),
    ],
)
def test_phase_edges(controller, fake_clock, minutes, phase):
    fake_clock.advance(minutes * 60)
    assert controller.state().phase_name == phase


def test_six_hours_and_beyond(controller, fake_clock):
    fake_clock.advance(6 * 3600)
    state = controller.state()
    assert state.elapsed == 6 * 3600
    assert state.overrun == 0
    assert state.time_to_next is None
    assert state.progress == 1.0
    fake_clock.advance(125)
    assert controller.state().overrun == 125


def test_progress_and_time_to_next(controller, fake_clock):
    fake_clock.advance(150 * 60)
    state = controller.state()
    assert state.progress == pytest.approx(15 / 75)
    assert state.time_to_next == 60 * 60


def test_next_phase_now_shifts_later_phases(controller, fake_clock):
    fake_clock.advance(120 * 60)
    controller.advance_phase()
    state = controller.state()
    assert state.phase_name == "Peak"
    assert state.phase_starts == (0, 7200, 7200 + 75 * 60, 7200 + 180 * 60)
    assert state.planned_end == 6 * 3600 - 15 * 60
    event = controller.events[-1]
    assert event.kind == EventKind.PHASE_ADVANCED
    assert event.data == {"boundary": 1, "seconds": -900.0}
    assert event.phase == "Introspection"


def test_extend_current_phase_shifts_later_phases(controller, fake_clock):
    fake_clock.advance(140 * 60)
    controller.extend_phase(20)
    fake_clock.advance(75 * 60)  # 215 min: would be Release without the extension
    state = controller.state()
    assert state.phase_name == "Peak"
    assert state.phase_starts[2] == 230 * 60
    assert state.planned_end == 380 * 60
    assert controller.events[-1].kind == EventKind.PHASE_EXTENDED


def test_extending_the_last_phase_moves_the_end(controller, fake_clock):
    fake_clock.advance(350 * 60)
    controller.extend_phase(30)
    fake_clock.advance(30 * 60)
    state = controller.state()
    assert state.planned_end == 390 * 60
    assert state.overrun == 0


def test_no_next_phase_in_the_last_phase(controller, fake_clock):
    fake_clock.advance(320 * 60)
    with pytest.raises(SessionError, match="no next phase"):
        controller.advance_phase()


@pytest.mark.parametrize("minutes", [0, -5, 241])
def test_extend_refuses_out_of_range(controller, minutes):
    with pytest.raises(SessionError):
        controller.extend_phase(minutes)


def test_wall_clock_jump_is_logged_and_does_not_move_the_session_clock(controller, fake_clock):
    fake_clock.advance(600)
    assert controller.check_clock() == 0
    fake_clock.jump_wall(3600)
    assert controller.check_clock() == pytest.approx(3600)
    assert controller.events[-1].kind == EventKind.CLOCK_JUMP
    # stamped with what the clock read, at the session time it happened
    assert controller.events[-1].utc == fake_clock.now()
    assert controller.events[-1].session_seconds == pytest.approx(600)
    assert controller.state().elapsed == pytest.approx(600)
    fake_clock.advance(60)
    assert controller.state().elapsed == pytest.approx(660)


def test_a_dose_is_recorded_after_the_wall_clock_was_set_back(fake_clock):
    """Set back an hour (a time server putting a fast clock right), the laptop's clock
    read every dose "now" as before the session's start or the first dose."""
    control = memory_controller(fake_clock, {"plan": PLAN})
    control.start("plan", dose_now=False)
    fake_clock.advance(600)
    fake_clock.jump_wall(-3600)
    assert control.check_clock() == pytest.approx(-3600)
    control.record_dose()  # the first: T0 on the clock as it reads now
    fake_clock.advance(1200)
    fake_clock.jump_wall(-3600)
    assert control.check_clock() == pytest.approx(-3600)
    control.record_dose()  # a later one, 20 min after the first
    doses = [e for e in control.events if e.kind == EventKind.DOSE]
    assert len(doses) == 2 and doses[1].session_seconds == pytest.approx(1200)
    assert control.state().elapsed == pytest.approx(1200)
    with pytest.raises(SessionError, match="earlier than the first dose, given 20 min"):
        control.record_dose(fake_clock.now() - timedelta(minutes=21))


def test_sleep_keeps_counting(controller, fake_clock):
    fake_clock.advance(2 * 3600)  # laptop closed: both clocks moved
    assert controller.check_clock() == 0
    assert controller.state().elapsed == 2 * 3600


def test_pre_dose_until_the_dose_is_recorded(fake_clock):
    control = memory_controller(fake_clock, {"plan": PLAN})
    control.start("plan", dose_now=False)
    assert control.state().pre_dose
    assert control.state().phase_name == "Pre-dose"
    with pytest.raises(SessionError):
        control.advance_phase()
    fake_clock.advance(300)
    control.record_dose(fake_clock.now() - timedelta(seconds=60))
    assert control.state().elapsed == 60
    control.record_dose()  # a supplemental dose: T0 stays at the first
    assert control.state().elapsed == 60
    with pytest.raises(SessionError, match="future"):
        control.record_dose(fake_clock.now() + timedelta(seconds=5))
    with pytest.raises(SessionError, match=r"before|earlier"):
        control.record_dose(fake_clock.now() - timedelta(hours=2))


def test_start_records_start_and_dose(controller):
    assert [e.kind for e in controller.events] == [EventKind.STARTED, EventKind.DOSE]


def test_end_freezes_the_clock(controller, fake_clock):
    fake_clock.advance(1000)
    controller.end()
    fake_clock.advance(1000)
    assert controller.state().elapsed == 1000
    assert controller.state().ended
    assert not controller.is_open()
    with pytest.raises(SessionError):
        controller.end()


def test_cannot_start_twice(controller):
    with pytest.raises(SessionError, match="already open"):
        controller.start("plan")


def test_unknown_protocol(fake_clock):
    control = memory_controller(fake_clock, {"plan": PLAN})
    with pytest.raises(SessionError, match="Unknown protocol"):
        control.start("nope")


def test_resume_rebuilds_the_same_state(controller, fake_clock):
    fake_clock.advance(100 * 60)
    controller.advance_phase()
    fake_clock.advance(600)
    again = memory_controller(fake_clock, {"plan": PLAN}, controller.store)
    assert again.resume()
    assert again.state() == controller.state()


def test_undo_of_next_phase_moves_back_and_keeps_the_move(controller, fake_clock):
    fake_clock.advance(120 * 60)
    before = controller.state().phase_starts
    controller.advance_phase()
    moved = controller.events[-1]
    fake_clock.advance(5)
    controller.move_back(moved.id)
    state = controller.state()
    assert state.phase_name == "Introspection"
    assert state.phase_starts == before
    kinds = [e.kind for e in controller.events]
    assert kinds[-2:] == [EventKind.PHASE_ADVANCED, EventKind.PHASE_MOVED_BACK]
    assert controller.events[-1].data["undoes"] == moved.id
    with pytest.raises(SessionError, match="already undone"):
        controller.move_back(moved.id)


def test_undo_of_an_extension_restores_the_plan(controller, fake_clock):
    fake_clock.advance(140 * 60)
    controller.extend_phase(20)
    controller.move_back(controller.events[-1].id)
    assert controller.state().planned_end == 6 * 3600
    assert controller.events[-1].data["seconds"] == -1200.0


def test_only_phase_moves_can_be_moved_back(controller, fake_clock):
    with pytest.raises(SessionError, match="no phase move"):
        controller.move_back(controller.events[-1].id)
