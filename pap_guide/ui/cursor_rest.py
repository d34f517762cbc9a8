"""The text cursor stops blinking after ten seconds without typing, as GTK's does.

A blinking cursor repaints its field twice a second for as long as the field
has the focus, which in a session is hours: with music playing, that was
about as much of the window's CPU as the clock. GNOME stops the blink after
ten seconds without input (its cursor-blink-timeout); this does the same for
the application's fields, its dialogs' too. A key, a click or the focus
moving starts it again at the desktop's own rate, so the cursor is easy to
find the moment someone types; a still cursor is also calmer in a dim room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

REST_AFTER_MS = 10_000  # GNOME's default cursor-blink-timeout
WAKING = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.InputMethod,
    QEvent.Type.FocusIn,
}

DESKTOP_FLASH = "desktopCursorFlashMs"


def desktop_flash_ms(app: QApplication) -> int:
    """The desktop's blink rate (0: never blinks), as read before anything rested it."""
    value = app.property(DESKTOP_FLASH)
    if value is None:
        value = app.cursorFlashTime()
        app.setProperty(DESKTOP_FLASH, value)
    return int(value)


class CursorRest(QObject):
    """Blinking while someone types; still after REST_AFTER_MS without."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(window)
        self.app = app
        self.flash_ms = desktop_flash_ms(app)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REST_AFTER_MS)
        self.timer.timeout.connect(self.rest)
        app.focusChanged.connect(self.follow_focus)
        self.timer.start()

    def follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Watch the widget with the focus (keys go there), not every event of the app."""
        if new is not None:
            new.installEventFilter(self)  # again on the same widget: still once
            self.wake()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in WAKING:
            self.wake()
        return False

    def wake(self) -> None:
        if self.app.cursorFlashTime() != self.flash_ms:
            self.app.setCursorFlashTime(self.flash_ms)  # fields follow the hint at once
        self.timer.start()

    def rest(self) -> None:
        self.app.setCursorFlashTime(0)

    def resting(self) -> bool:
        return self.flash_ms > 0 and self.app.cursorFlashTime() == 0
