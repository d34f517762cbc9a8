"""Session set-up, doses, checklist, step-outs and discharge in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pap_guide.ui.asker import SetupRequest
from tests.helpers.ui import begin, child


def test_setup_with_missing_people_needs_a_reason(make_window):
    window = make_window("--protocol", "mdma")
    window.asker.setup_request = SetupRequest(
        "P-0142", "dosing", {"Mara": "guide", "Ana": "monitor"}
    )
    window.asker.reason_text = None  # the guide gives no reason
    child(window, "startSessionButton").click()
    assert window.desk.session is None
    assert "two facilitators" in window.asker.questions[-1]
    window.asker.reason_text = "co-guide on call next door"
    child(window, "startSessionButton").click()
    assert window.desk.session.patient == "P-0142"
    assert window.desk.facts().overrides[0][1] == "co-guide on call next door"


def _start_and_tick_every_item(window):  # type: ignore[no-untyped-def]
    """A session set up, its whole checklist ticked in the list; the list."""
    child(window, "startSessionButton").click()
    window.refresh()
    checklist = child(window, "checklistList")
    for row in range(checklist.count()):
        checklist.item(row).setCheckState(Qt.CheckState.Checked)
    return checklist


def test_checklist_ticked_in_the_list_then_dose_without_a_reason(make_window):
    window = make_window()
    _start_and_tick_every_item(window)
    facts = window.desk.facts()
    assert set(facts.checklist) == set(window.desk.protocol.setup.checklist)
    assert {by for by, _ in facts.checklist.values()} == {"Ana"}  # the monitor logs
    window.asker.reason_text = None
    child(window, "recordDoseButton").click()
    assert not window.desk.state().pre_dose  # no reason was needed
    assert "25 mg Psilocybin" in child(window, "sessionRecordLabel").text()


def test_supplemental_window_and_minimum_shown(make_window, fake_clock):
    window = make_window("--protocol", "mdma")
    begin(window)
    reminders = child(window, "remindersLabel")
    assert "Supplemental dose window opens at T+1:30" in reminders.text()
    assert "Minimum length 6 h 00 min" in reminders.text()
    fake_clock.advance(95 * 60)
    window.refresh()
    assert "window open until T+2:30" in reminders.text()


def test_step_out_shows_a_timer(make_window, fake_clock):
    window = make_window()
    begin(window)
    window.desk.step_out("Mara", "Jon")
    fake_clock.advance(180)
    window.refresh()
    assert (
        "Mara out of the room for 3 min (covered by Jon)" in child(window, "remindersLabel").text()
    )
    assert child(window, "stepBackButton").isEnabled()


def test_early_end_refused_without_reason_then_overridden(make_window, fake_clock):
    window = make_window("--protocol", "mdma")
    begin(window)
    fake_clock.advance(3600)
    window.asker.reason_text = None
    child(window, "endSessionButton").click()
    assert window.desk.is_open()
    assert "minimum length" in window.statusBar().currentMessage() or any(
        "minimum length" in q for q in window.asker.questions
    )
    window.asker.reason_text = "patient asked to stop, stable"
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    assert window.desk.facts().outcome == "completed"


def test_intentions_from_preparation_show_at_dosing(make_window, qtbot):
    window = make_window()
    window.asker.setup_request = SetupRequest("P-0142", "preparation", {"Mara": "guide"})
    child(window, "startSessionButton").click()
    window.refresh()
    qtbot.keyClicks(child(window, "noteEdit"), "To meet my grief with kindness")
    child(window, "addIntentionButton").click()
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    dosing = make_window()
    dosing.asker.setup_request = SetupRequest(
        "P-0142", "dosing", {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}
    )
    begin(dosing)
    label = child(dosing, "intentionsLabel")
    assert "To meet my grief with kindness" in label.text()


def test_sessions_list_reopens_a_past_session_read_only(make_window, qtbot):
    window = make_window()
    begin(window)
    qtbot.keyClicks(child(window, "noteEdit"), "calm and settled")
    child(window, "addNoteButton").click()
    child(window, "endSessionButton").click()
    child(window, "sessionsButton").click()
    dialog = window.asker.sessions_dialog
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    detail = dialog.detail.toPlainText()
    assert "P-T001" in items[0] and "[ended]" in items[0]
    assert "Dose: 25 mg Psilocybin (oral, lot LOT-1)" in detail
    assert "Ana: calm and settled" in detail
    assert "Outcome: completed" in detail
    assert dialog.detail.isReadOnly()


def test_program_view_keeps_integration_notes(make_window, qtbot):
    window = make_window()
    window.asker.setup_request = SetupRequest("P-0142", "integration", {"Mara": "guide"})
    child(window, "startSessionButton").click()
    window.refresh()
    qtbot.keyClicks(child(window, "noteEdit"), "Sleeping better since the session")
    child(window, "addNoteButton").click()
    child(window, "sessionsButton").click()
    detail = window.asker.sessions_dialog.detail.toPlainText()
    assert "Program of P-0142:" in detail
    assert "integration note: Sleeping better since the session" in detail


def test_chart_marks_every_dose(make_window, fake_clock):
    window = make_window("--protocol", "mdma")
    begin(window)
    fake_clock.advance(100 * 60)
    window.desk.dose(60, "Mara")
    assert window._dose_hours() == [0.0, 100 / 60]


def test_export_writes_the_three_files(make_window, tmp_path, fake_clock):
    window = make_window()
    begin(window)
    fake_clock.advance(3600)
    window.asker.export_to = tmp_path / "out"
    child(window, "exportButton").click()
    names = sorted(p.name for p in window.asker.exported)
    assert len(names) == 3
    assert names[0].endswith(".csv") and names[1].endswith(".fhir.json")
    assert names[2].endswith(".pdf")
    for path in window.asker.exported:
        assert path.stat().st_mode & 0o777 == 0o600 and path.stat().st_size > 100


def test_baseline_vitals_tick_their_checklist_item(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = make_window()
    child(window, "startSessionButton").click()
    qtbot.keyClicks(child(window, "systolicEdit"), "122")
    qtbot.keyClicks(child(window, "diastolicEdit"), "78")
    qtbot.keyClick(child(window, "diastolicEdit"), Qt.Key.Key_Return)
    facts = window.desk.facts()
    assert facts.checklist["Baseline vitals taken"][0] == window.log_panel.author()
    child(window, "recordDoseButton").click()
    question = window.asker.questions[-1]
    assert "checklist item" in question and "Baseline vitals taken" not in question


def test_a_new_session_in_the_same_window_shows_none_of_the_last_ones_ticks(
    make_window, fake_clock
):
    """Found in a walkthrough: after a session with every item ticked, the next one's
    list read '✓ Ana' on every item though its record held no tick."""
    window = make_window()
    checklist = _start_and_tick_every_item(window)
    child(window, "recordDoseButton").click()
    fake_clock.advance(7 * 3600)  # past the minimum: no reason asked to end
    window.asker.reason_text = "ended for the test"  # whatever the discharge list holds
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    child(window, "startSessionButton").click()
    window.refresh()
    assert window.desk.is_open() and window.desk.facts().checklist == {}
    items = list(window.desk.protocol.setup.checklist)
    shown = [checklist.item(row) for row in range(checklist.count())]
    assert [entry.text() for entry in shown] == items
    assert all(entry.checkState() == Qt.CheckState.Unchecked for entry in shown)
    assert all(entry.toolTip() == "" for entry in shown)


def test_a_first_sessions_checklist_shows_its_empty_boxes(make_window):
    """On a new database's first session the unticked items had no box drawn: a row
    with no check state at all gets none (Qt draws one only for a state that is set)."""
    window = make_window()
    child(window, "startSessionButton").click()
    window.refresh()
    checklist = child(window, "checklistList")
    assert checklist.count() >= 3
    for row in range(checklist.count()):
        state = checklist.item(row).data(Qt.ItemDataRole.CheckStateRole)
        assert state is not None and Qt.CheckState(state) == Qt.CheckState.Unchecked
