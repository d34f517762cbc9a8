"""The keyboard as the monitor uses it: a vitals set, Undo of a phase move, F1."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pap_guide.ui.help_dialog import SHORTCUT_HELP
from pap_guide.ui.shortcuts import window_keys
from tests.helpers.ui import child, started

VITALS = ["120", "80", "72", "98", "16", "36.8"]  # sys, dia, HR, SpO2, RR, temp


def shown(window, qtbot):  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def focused(window):  # type: ignore[no-untyped-def]
    widget = window.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, window, key, counted: list[int]) -> None:  # type: ignore[no-untyped-def]
    """One key that is not part of a value: these are what the flow is measured in."""
    counted.append(key)
    qtbot.keyClick(focused(window), key)


def test_a_full_vitals_set_from_the_note_field_in_at_most_14_keys(make_window, qtbot, data_dir):
    """Keys counted: every press that is not a character of a value (Tab, Enter, ...)."""
    window = shown(started(make_window), qtbot)
    child(window, "noteEdit").setFocus()
    counted: list[int] = []
    for round_ in range(2):  # the second set starts where the first left the cursor
        for index, value in enumerate(VITALS):
            if index or round_ == 0:
                press(qtbot, window, Qt.Key.Key_Tab, counted)
            qtbot.keyClicks(focused(window), value)
        press(qtbot, window, Qt.Key.Key_Return, counted)
        assert window.focusWidget() is child(window, "systolicEdit")
        if round_ == 0:
            assert len(counted) <= 14, counted
    assert len(counted) == 7 + 6
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        rows = db.execute("SELECT data FROM entries WHERE kind = 'vitals'").fetchall()
    assert len(rows) == 2
    assert all('"systolic": 120' in data and '"temperature_c": 36.8' in data for (data,) in rows)


def test_undo_of_next_phase_for_ten_seconds_recorded_as_a_move_back(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    undo = child(window, "undoPhaseButton")
    assert undo.isHidden()
    before = window.desk.state().phase_starts
    qtbot.mouseClick(child(window, "nextPhaseButton"), Qt.MouseButton.LeftButton)
    assert window.desk.state().phase_index == 1
    assert undo.isVisible() and undo.text() == "Undo phase move"
    assert "Undo next phase" in undo.toolTip()
    assert undo.shortcut().toString() == "Ctrl+Shift+B"
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert window.desk.state().phase_starts == before
    kinds = [e.kind.value for e in window.desk.events][-2:]
    assert kinds == ["phase_advanced", "phase_moved_back"]  # never an erasure
    assert undo.isHidden()


def test_the_undo_offer_ends_after_ten_seconds(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    panel = window.session_panel
    panel.undo_timer.setInterval(50)  # the ten seconds, shortened
    qtbot.mouseClick(child(window, "extendPhaseButton"), Qt.MouseButton.LeftButton)
    assert child(window, "undoPhaseButton").isVisible()
    qtbot.waitUntil(lambda: child(window, "undoPhaseButton").isHidden(), timeout=2000)
    assert panel.undo_timer.interval() == 50
    from pap_guide.ui.session_panel import UNDO_SECONDS

    assert UNDO_SECONDS == 10


def test_f1_lists_every_shortcut_the_window_has(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    listed = {keys for _group, keys, _what in SHORTCUT_HELP}
    missing = window_keys(window) - listed
    assert not missing, f"shortcuts missing from F1: {sorted(missing)}"
    # QTest's key events are not spontaneous, so Qt's shortcut map ignores them
    f1 = next(s for s in window.findChildren(QShortcut) if s.key().toString() == "F1")
    f1.activated.emit()
    help_dialog = window.help_dialog
    assert help_dialog is not None and help_dialog.isVisible()
    assert not help_dialog.isModal()  # the clock and the log go on behind it


def test_next_phase_says_when_the_plan_now_ends_before_the_minimum(make_window, qtbot):
    window = shown(started(make_window, "--protocol", "psilocybin-oregon"), qtbot)
    said: list[str] = []
    window.session_panel.problem.connect(said.append)
    for _ in range(3):  # to the last phase at once: the planned end moves hours earlier
        window.session_panel.next_phase()
    assert window.desk.state().planned_end < window.desk.minimum_seconds()
    assert any("before the minimum length" in text for text in said), said


def _places(window) -> list[object]:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    names = ("recordDoseButton", "endSessionButton", "nextPhaseButton", "sessionClock")
    return [child(window, n).mapTo(window, child(window, n).rect().topLeft()) for n in names]


def test_the_undo_offer_moves_no_button(make_window, qtbot):
    """Shown, Undo wrapped onto a row of its own: every button above moved up a row
    for ten seconds and Undo sat where Record dose had been."""
    for width, height in ((1366, 768), (1280, 720)):
        window = started(make_window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        before = _places(window)
        undo = child(window, "undoPhaseButton")
        dose = child(window, "recordDoseButton")
        qtbot.mouseClick(child(window, "extendPhaseButton"), Qt.MouseButton.LeftButton)
        assert undo.isVisible()
        assert _places(window) == before, (width, height)
        spot = undo.mapTo(window, undo.rect().center())
        assert not dose.geometry().contains(dose.parentWidget().mapFrom(window, spot))
        window.close()


def test_no_window_key_is_one_the_text_fields_edit_with(make_window):
    """The window's keys win over the text fields: Ctrl+Right (the next-word key)
    skipped the patient's track, Ctrl+Shift+Z (Redo) undid a phase move."""
    from pap_guide.ui.shortcuts import editing_keys

    window = started(make_window)
    assert window_keys(window) & editing_keys() == set()
    assert "Ctrl+Right" in editing_keys() and "Ctrl+Shift+Z" in editing_keys()


def test_ctrl_right_in_the_note_moves_a_word_and_leaves_the_music(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    skipped = []
    child(window, "skipTrackButton").clicked.connect(lambda: skipped.append(1))
    note = child(window, "noteEdit")
    QTest.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "abc def")
    QTest.keyClick(note, Qt.Key.Key_Home)
    QTest.keyClick(note, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(250)  # a button's shortcut clicks it 100 ms later
    assert skipped == []
    assert note.cursorPosition() == 4
    QTest.keyClick(
        note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: skipped == [1], timeout=2000)  # the skip key still works there
    assert note.text() == "abc def"


def test_a_phase_move_says_where_the_planned_end_went(make_window, fake_clock):
    """Next phase moved the planned end from 8:00 to 7:13 with nothing said."""
    window = started(make_window)  # standard-6h
    end = window.desk.state().planned_end
    fake_clock.advance(3600)
    window.refresh()
    child(window, "nextPhaseButton").click()
    moved = end - window.desk.state().planned_end
    assert moved > 0
    said = window.statusBar().currentMessage()
    assert (
        said.startswith("The later phases move ") and " earlier: the planned end is now T+" in said
    )
    window.session_panel.extend_spin.setValue(20)
    child(window, "extendPhaseButton").click()
    assert "move 20 min later" in window.statusBar().currentMessage()
