"""Finding widgets by their automation names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def child(window: QWidget, name: str) -> QWidget:
    """The widget called ``name``; fails the test if there is none."""
    found = window.findChild(QWidget, name)
    assert found is not None, name
    return found


def begin(window):  # type: ignore[no-untyped-def]
    """Set up a session and give the dose through the window's own buttons."""
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    window.refresh()
    return window


def started(make_window, *extra: str):  # type: ignore[no-untyped-def]
    """A window with a session started (the dose given) and redrawn."""
    return begin(make_window(*extra))


def shown(window, qtbot, height: int = 768):  # type: ignore[no-untyped-def]
    """``window`` on screen at a laptop's 1366 wide, active, its first layout done."""
    window.resize(1366, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    return window


def type_note(window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the note field and press Enter, as the monitor does."""
    edit = child(window, "noteEdit")
    edit.setFocus()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)
