"""A click on a button leaves the keys where they were going: no second press by a space.

Found in a walkthrough: after a click on "nausea" the note typed next began
with a space that pressed "nausea" again (two observations saved, the words
lost); after Correct… the space opened it again with the note's letters in
a vitals field; after End session the focus went to People… and the words
went into the list of people. These click with the mouse in the real window,
type with key presses to whatever has the focus, and read the database.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.helpers.ui import begin, child, shown

NOTE = "patient calm now"


def _type_on(text: str) -> QWidget:
    """Type ``text`` and Enter wherever the focus is, as a person would."""
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)
    QTest.keyClick(focused, Qt.Key.Key_Return)
    return focused


def _kinds(data_dir) -> list[str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        return [kind for (kind,) in db.execute("select kind from entries order by id")]


def _notes(data_dir) -> list[str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        rows = db.execute("select json_extract(data, '$.text') from entries where kind = 'note'")
        return [text for (text,) in rows]


def test_after_a_one_click_observation_the_next_note_is_a_note(make_window, qtbot, data_dir):
    window = shown(begin(make_window()), qtbot, height=728)
    child(window, "noteEdit").setFocus()
    QTest.mouseClick(child(window, "observation_nausea"), Qt.MouseButton.LeftButton)
    _type_on(NOTE)
    assert _kinds(data_dir) == ["observation", "note"]
    assert _notes(data_dir) == [NOTE]


def test_after_correct_the_next_note_is_a_note(make_window, qtbot, data_dir):
    window = shown(begin(make_window()), qtbot, height=728)
    _type_on("first note")
    window.asker.amend_answer = ({"text": "first note, corrected"}, "typo")
    child(window, "logView").setCurrentItem(child(window, "logView").topLevelItem(0))
    child(window, "noteEdit").setFocus()
    QTest.mouseClick(child(window, "correctEntryButton"), Qt.MouseButton.LeftButton)
    after_correction = _kinds(data_dir)
    _type_on(NOTE)
    assert _kinds(data_dir) == [*after_correction, "note"]  # not a second correction
    assert _notes(data_dir)[-1] == NOTE


def test_after_ending_the_session_typing_changes_nothing(make_window, qtbot, data_dir):
    window = shown(begin(make_window()), qtbot, height=728)
    people = child(window, "peopleEdit").text()
    QTest.mouseClick(child(window, "endSessionButton"), Qt.MouseButton.LeftButton)
    assert not window.desk.is_open()
    assert QApplication.focusWidget() is child(window, "logView")  # letters only search it
    _type_on("after end")
    assert child(window, "peopleEdit").text() == people
    assert QApplication.activeModalWidget() is None
    assert "after end" not in _notes(data_dir)


def test_after_a_correction_is_saved_the_keys_go_back_to_the_note(make_window, qtbot, data_dir):
    """Found in a second walkthrough: the row clicked for Correct… kept the keys,
    so the next note only searched the log and was lost."""
    window = shown(begin(make_window()), qtbot, height=728)
    _type_on("first note")
    window.asker.amend_answer = ({"text": "first note, corrected"}, "typo")
    tree = child(window, "logView")
    QTest.mouseClick(
        tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=tree.visualItemRect(tree.topLevelItem(0)).center(),
    )
    assert QApplication.focusWidget() is tree
    QTest.mouseClick(child(window, "correctEntryButton"), Qt.MouseButton.LeftButton)
    _type_on(NOTE)
    assert _notes(data_dir)[-1] == NOTE


def test_after_a_checklist_tick_the_keys_go_back_to_the_note(make_window, qtbot, data_dir):
    window = shown(begin(make_window()), qtbot, height=728)
    checklist = child(window, "checklistList")
    item = next(
        checklist.item(row)
        for row in range(checklist.count())
        if checklist.item(row).checkState() != Qt.CheckState.Checked
    )
    checklist.setFocus()
    item.setCheckState(Qt.CheckState.Checked)  # as a click on its box does
    _type_on(NOTE)
    assert _notes(data_dir) == [NOTE]


def test_a_correction_opens_with_the_cursor_after_the_text_not_over_it(
    make_window, qtbot, data_dir
):
    """A key typed at once in Correct… must not replace the whole note."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit

    from pap_guide.ui.asker import Asker

    window = shown(begin(make_window()), qtbot, height=728)
    _type_on("patient asleep at 2 pm")
    window.asker = Asker(window)  # the real correction form
    tree = child(window, "logView")
    tree.setCurrentItem(tree.topLevelItem(0))
    seen: dict[str, object] = {}

    def correct() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, correct)
            return
        QTimer.singleShot(3000, dialog.reject)  # never left hanging
        dialog.activateWindow()
        QApplication.processEvents()
        field = dialog.focusWidget()
        seen["field"] = field
        if not isinstance(field, QLineEdit):
            return
        seen["selected"] = field.selectedText()
        QTest.keyClicks(field, ", then woke")  # where the cursor is
        QTest.keyClick(field, Qt.Key.Key_Tab)
        reason = dialog.focusWidget()
        QTest.keyClicks(reason, "added what followed")
        QTest.keyClick(reason, Qt.Key.Key_Return)  # saves

    QTimer.singleShot(0, correct)
    QTest.mouseClick(child(window, "correctEntryButton"), Qt.MouseButton.LeftButton)
    assert isinstance(seen["field"], QLineEdit) and seen["selected"] == ""
    assert _notes(data_dir) == ["patient asleep at 2 pm", "patient asleep at 2 pm, then woke"]


def test_people_opens_with_the_cursor_after_the_last_name(make_window, qtbot):
    """Typed at once after People…, a name went in front of the first one."""
    window = shown(begin(make_window()), qtbot, height=728)
    before = window.log_panel.shown_people()
    QTest.mouseClick(child(window, "editPeopleButton"), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is child(window, "peopleEdit")
    _type_on(", Lee")
    assert window.log_panel.shown_people() == [*before, "Lee"]


def test_every_button_takes_the_focus_from_tab_only_in_the_window_and_dialogs(make_window, qtbot):
    """The rule is the application style sheet's, so it reaches what is made later:
    a message box with no parent as much as the window's own buttons."""
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    window = shown(begin(make_window()), qtbot, height=728)
    box = QMessageBox(QMessageBox.Icon.Question, "pap-guide", "Close anyway?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.show()
    qtbot.waitExposed(box)
    buttons = [
        button
        for top in (window, box)
        for button in top.findChildren(QAbstractButton)
        if button.isVisible()  # polished: what a click can reach
    ]
    box.close()
    assert len(buttons) > 20
    assert [b.text() for b in buttons if b.focusPolicy() != Qt.FocusPolicy.TabFocus] == []
