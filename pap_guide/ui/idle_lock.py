"""The idle lock: after some minutes without input, the record is hidden.

The clock, the timeline and the music stay as they are; only the monitor's
side (the log, the chart, the session record) is covered until someone
unlocks it, with the passphrase when the records are encrypted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pap_guide.ui.widgets import named, plain

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}


class IdleLock(QObject):
    """Watches for input; locks ``covered`` widgets after ``minutes`` without any.

    Signals:
        locked_changed(bool): the record was locked (True) or unlocked (False).
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        minutes: float,
        covered: list[QWidget],
        overlay: LockOverlay,
        check: Callable[[str], bool] | None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.minutes, self.covered, self.overlay = minutes, covered, overlay
        self.check, self.now = check, now
        self.last_input = now()
        self.locked = False
        overlay.unlock_button.clicked.connect(self.try_unlock)
        overlay.passphrase.returnPressed.connect(self.try_unlock)
        overlay.passphrase.setVisible(check is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in INPUT_EVENTS and not self.locked:
            self.last_input = self.now()
        return False

    def tick(self) -> None:
        if (
            self.minutes > 0
            and not self.locked
            and self.now() - self.last_input >= self.minutes * 60
        ):
            self.set_locked(True)

    def try_unlock(self) -> None:
        if self.check is not None and not self.check(self.overlay.passphrase.text()):
            self.overlay.message.setText("That passphrase does not unlock the record.")
            return
        self.overlay.passphrase.clear()
        self.overlay.message.clear()
        self.last_input = self.now()
        self.set_locked(False)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for widget in self.covered:
            widget.setVisible(not locked)
            widget.setEnabled(not locked)  # hidden, a field with the focus still took keys
        self.overlay.setVisible(locked)
        self.locked_changed.emit(locked)
        if locked:  # nothing that shows the record stays open: Sessions…, a correction
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()


class LockOverlay(QWidget):
    """What shows in place of the record while it is locked."""

    def __init__(self, minutes: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(
            plain(
                QLabel(
                    f"The record was locked after {minutes:g} "
                    f"{'minute' if minutes == 1 else 'minutes'} without "
                    "input.\nThe clock and the music go on."
                )
            )
        )
        self.passphrase = named(QLineEdit(), "unlockEdit", "Passphrase to unlock")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = named(QPushButton("Unlock"), "unlockButton", "Unlock the record")
        self.message = plain(named(QLabel(""), "unlockMessage", "Unlock problem"))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.hide()
