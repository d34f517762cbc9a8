"""The window's shortcuts watch the text fields, not every event of the application."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.helpers.ui import begin, child


def test_only_text_fields_pass_through_the_shortcut_filter(make_window, qtbot):
    window = make_window()
    begin(window)
    seen = []
    original = window.shortcuts.eventFilter
    window.shortcuts.eventFilter = lambda watched, event: (  # type: ignore[method-assign]
        seen.append(watched),
        original(watched, event),
    )[1]
    for _ in range(5):  # what a tick or a cursor blink sends
        QApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
        QApplication.sendEvent(child(window, "sessionClock"), QEvent(QEvent.Type.UpdateRequest))
    assert seen == []
    late = QLineEdit(window.centralWidget())  # a field made after the window, then focused
    window.shortcuts.follow_focus(None, late)
    override = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
    )
    QApplication.sendEvent(late, override)
    assert not override.isAccepted()  # the field does not claim Ctrl+Up: louder runs
