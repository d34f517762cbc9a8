"""The note field's cursor stops blinking after a while without typing, and a key wakes it.

The real window, shown offscreen, with the rest shortened from GNOME's ten
seconds to a fifth of one. Paint events of the note field are counted: a
resting cursor paints nothing; a key press brings the blink back at the
desktop's rate.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pap_guide.ui import cursor_rest
from tests.helpers.ui import begin, child


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def focused_note(make_window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cursor_rest, "REST_AFTER_MS", 200)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if app.cursorFlashTime() == 0:
        app.setCursorFlashTime(500)  # some platform said "never": blink for the test
    app.setProperty(cursor_rest.DESKTOP_FLASH, app.cursorFlashTime())
    window = begin(make_window())
    window.ticker.stop()  # only the cursor paints the field
    window.show()
    qtbot.waitExposed(window)
    note = child(window, "noteEdit")
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    paints = Paints()
    note.installEventFilter(paints)
    yield window, note, paints, app
    note.removeEventFilter(paints)


def test_the_blink_rests_then_a_key_wakes_it(focused_note, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, note, paints, app = focused_note
    desktop = app.property(cursor_rest.DESKTOP_FLASH)
    qtbot.waitUntil(window.cursor_rest.resting, timeout=3000)
    qtbot.wait(50)  # the blink's last repaint
    paints.count = 0
    qtbot.wait(3 * desktop)
    assert paints.count == 0, "a resting cursor repainted its field"

    QTest.keyClick(note, Qt.Key.Key_A)
    assert app.cursorFlashTime() == desktop
    assert not window.cursor_rest.resting()
    paints.count = 0
    qtbot.wait(desktop)
    assert paints.count >= 1, "the cursor did not blink again after a key"
    assert note.text() == "a"  # the key still typed


def test_focus_moving_wakes_the_blink(focused_note, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _note, _paints, app = focused_note
    qtbot.waitUntil(window.cursor_rest.resting, timeout=3000)
    child(window, "ratingEdit").setFocus()
    qtbot.waitUntil(child(window, "ratingEdit").hasFocus)
    assert app.cursorFlashTime() == app.property(cursor_rest.DESKTOP_FLASH)
