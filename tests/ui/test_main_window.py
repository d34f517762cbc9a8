"""The main window, driven through its automation names."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.helpers.ui import begin, child

CONTRACT = [
    "sessionClock",
    "phaseName",
    "phaseTimeline",
    "startSessionButton",
    "endSessionButton",
    "nextPhaseButton",
    "extendPhaseButton",
]


def test_contract_names_and_accessible_names(make_window):
    window = make_window()
    for name in CONTRACT:
        assert child(window, name).accessibleName(), name
    for button in window.findChildren(QPushButton):
        assert button.objectName() and button.accessibleName(), button.text()


def test_not_shown_by_create_window(make_window):
    assert not make_window().isVisible()


def test_start_session_counts_from_the_dose(make_window, fake_clock, qtbot):
    window = make_window()
    clock = child(window, "sessionClock")
    assert clock.text() == "Pre-dose"
    qtbot.mouseClick(child(window, "startSessionButton"), Qt.MouseButton.LeftButton)
    assert clock.text() == "Pre-dose"  # set up, waiting for the dose
    assert window.desk.session.patient == "P-T001"
    fake_clock.advance(600)
    qtbot.mouseClick(child(window, "recordDoseButton"), Qt.MouseButton.LeftButton)
    assert clock.text() == "T+00:00:00"
    assert any("checklist" in q for q in window.asker.questions)  # open items: reason asked
    assert child(window, "phaseName").text() == "Introspection"
    fake_clock.advance(2 * 3600 + 15 * 60 + 3)
    window.refresh()
    assert clock.text() == "T+02:15:03"
    assert child(window, "phaseName").text() == "Peak"
    assert not child(window, "startSessionButton").isEnabled()


def test_ticker_redraws_without_being_asked(make_window, fake_clock, qtbot):
    window = make_window()
    begin(window)
    fake_clock.advance(61)
    qtbot.waitUntil(lambda: child(window, "sessionClock").text() == "T+00:01:01", timeout=2000)


def test_next_and_extend_phase_buttons(make_window, fake_clock):
    window = make_window()
    begin(window)
    fake_clock.advance(600)
    window.refresh()
    child(window, "nextPhaseButton").click()
    assert child(window, "phaseName").text() == "Peak"
    child(window, "extendMinutesSpin").setValue(30)
    child(window, "extendPhaseButton").click()
    state = window.desk.state()
    assert state.phase_end == 600 + 75 * 60 + 30 * 60


def test_overrun_is_shown_plainly(make_window, fake_clock):
    window = make_window()
    begin(window)
    fake_clock.advance(6 * 3600 + 125)
    window.refresh()
    assert child(window, "sessionClock").text() == "T+06:02:05"
    overrun = child(window, "overrunLabel")
    assert "Past the planned end by 0:02:05" in overrun.text()
    assert not child(window, "nextPhaseButton").isEnabled()


def test_end_session_asks_and_stops_the_clock(make_window, fake_clock):
    window = make_window()
    begin(window)
    window.asker.outcome = None  # the guide cancels the end dialog
    child(window, "endSessionButton").click()
    assert window.desk.is_open()
    window.asker.outcome = "completed"
    fake_clock.advance(100)
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    fake_clock.advance(100)
    window.refresh()
    assert child(window, "sessionClock").text() == "T+00:01:40"
    assert child(window, "startSessionButton").isEnabled()


def test_an_end_refused_for_want_of_a_reason_keeps_the_outcome_and_ticks(make_window, fake_clock):
    """Ending with a discharge item open needs a reason; none given: nothing lost."""
    window = make_window()
    begin(window)
    fake_clock.advance(9 * 3600)  # past the minimum length: only the open item needs a reason
    items = window.desk.protocol.setup.discharge
    window.asker.outcome, window.asker.end_ticks = "left with escort", list(items[:-1])
    window.asker.reason_text = None
    child(window, "endSessionButton").click()
    assert window.desk.is_open()
    assert "discharge items are open" in window.asker.questions[-1]
    window.asker.outcome = None  # the guide looks at the form again, and cancels it
    child(window, "endSessionButton").click()
    draft = window.asker.end_drafts[-1]
    assert draft.outcome == "left with escort" and draft.discharge_ticked == list(items[:-1])
    window.asker.outcome, window.asker.reason_text = "left with escort", "escort waiting outside"
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    assert window.asker.end_drafts[-1] == draft
    assert list(window.desk.facts().discharge) == list(items[:-1])


def test_reopening_resumes_the_open_session(make_window, fake_clock):
    first = make_window()
    begin(first)
    first.close()  # as the app would be, before it starts again
    fake_clock.advance(3 * 3600)
    second = make_window()
    assert child(second, "sessionClock").text() == "T+03:00:00"
    assert child(second, "phaseName").text() == "Peak"


def test_wall_clock_jump_is_reported_and_ignored(make_window, fake_clock):
    window = make_window()
    begin(window)
    fake_clock.advance(60)
    window.on_tick()
    fake_clock.jump_wall(-1800)
    window.on_tick()
    assert "jumped" in window.statusBar().currentMessage()
    assert child(window, "sessionClock").text() == "T+00:01:00"


def test_night_theme_by_default_and_day_one_toggle_away(make_window, qapp):
    window = make_window()
    assert window.theme_name == "night"
    assert "#ffffff" not in qapp.styleSheet().lower()
    child(window, "themeButton").click()
    assert window.theme_name == "day"
    window.toggle_theme()
    assert window.theme_name == "night"


def test_broken_protocol_file_shows_a_banner_and_the_app_still_starts(make_window, data_dir):
    (data_dir / "protocols").mkdir()
    (data_dir / "protocols" / "mine.toml").write_text("name = [")
    window = make_window()
    banner = child(window, "problemBanner")
    assert isinstance(banner, QLabel)
    assert "mine.toml" in banner.text() and "not valid TOML" in banner.text()
    assert child(window, "startSessionButton").isEnabled()


def test_rehearsal_is_marked(make_window, fake_clock):
    window = make_window("--speed", "60")
    begin(window)
    assert window.desk.session.rehearsal
    assert "REHEARSAL ×60" in child(window, "sessionInfo").text()
    fake_clock.advance(60)
    window.refresh()
    assert child(window, "sessionClock").text() == "T+01:00:00"


def test_fits_at_1366_by_768(make_window, qtbot):
    window = make_window()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    for name in CONTRACT:
        widget = child(window, name)
        assert widget.isVisible()
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert corner.x() <= 1366 and corner.y() <= 768, name


def test_a_precise_timer_wakes_the_window_at_the_next_boundary(make_window, fake_clock):
    window = make_window()
    begin(window)
    boundary = window.ticker._boundary
    fake_clock.advance(135 * 60 - 1.2)
    window.ticker._tick()
    assert boundary.isActive()
    assert 1100 <= boundary.remainingTime() <= 1300
    boundary.stop()
    fake_clock.advance(60)
    window.ticker._tick()
    assert not boundary.isActive()  # next boundary is far away


def test_phase_controls_have_shortcuts_in_their_tooltips(make_window):
    window = make_window()
    for name, keys in (("nextPhaseButton", "Ctrl+Shift+N"), ("extendPhaseButton", "Ctrl+Shift+E")):
        button = child(window, name)
        assert keys in button.toolTip()
        assert button.shortcut().toString() == keys


def test_after_the_end_nothing_counts_down(make_window, fake_clock):
    window = make_window()
    begin(window)
    fake_clock.advance(2 * 3600)
    child(window, "endSessionButton").click()
    fake_clock.advance(600)
    window.on_tick()
    detail = child(window, "phaseDetail").text()
    assert detail.startswith("Session ended at T+02:00:00")
    assert "next phase" not in detail and "into this phase" not in detail


def test_after_a_dose_the_focus_is_back_in_the_log(make_window, qtbot):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    begin(window)
    assert window.focusWidget() is child(window, "noteEdit")  # Space cannot dose again


def test_the_due_check_line_says_the_session_ended_once_it_has(make_window, fake_clock):
    """It said "No session open" under a title saying the session had ended."""
    window = make_window()
    assert child(window, "nextCheckLabel").text() == "No session open"
    begin(window)
    fake_clock.advance(7 * 3600)
    window.asker.reason_text = "the record is complete"
    child(window, "endSessionButton").click()
    window.refresh()
    assert window.runner.controller.state().ended
    assert child(window, "nextCheckLabel").text() == "Session ended"
