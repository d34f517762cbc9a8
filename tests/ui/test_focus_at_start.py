"""After a restart mid-session, typing lands in the note field, not on a button.

On a real screen Qt gives a window's focus to the first widget in the tab
order when nothing asked for it: that was Export…, so a space typed into what
looked like the log opened the file dialog and the words were lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.helpers.ui import begin, child


def _shown(window, qtbot):  # type: ignore[no-untyped-def]
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def test_a_restored_session_opens_with_the_note_field_focused(make_window, qtbot):
    first = begin(make_window())
    first.close()
    window = _shown(make_window(), qtbot)
    assert window.desk.is_open()
    assert window.focusWidget() is child(window, "noteEdit")


def test_with_no_session_the_focus_is_not_on_a_button_that_opens_a_dialog(make_window, qtbot):
    window = _shown(make_window(), qtbot)
    assert window.focusWidget() is not child(window, "exportButton")
    assert window.focusWidget() is not child(window, "sessionsButton")
