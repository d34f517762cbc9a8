"""One press of a button does one thing: the second press of a double click is dropped.

A double click on Next phase moved the session two phases on (Peak got no
time at all), and one on an observation button logged it twice. Every action
button of the window acts on a single click, so the press that Qt makes the
second of a double click (within the platform's double-click interval, by the
mouse events' own timestamps) and the double-click event itself never reach it.
A key press or a programmatic click() is not a mouse press and is never dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

PRESS, RELEASE, DOUBLE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)


class SinglePress(QObject):
    """An event filter for buttons; one serves them all (it keeps each one's last press)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: dict[int, int] = {}  # a button's id -> its last press's timestamp
        self._dropped: set[int] = set()  # buttons whose press was dropped: drop its release

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if kind not in (PRESS, RELEASE, DOUBLE) or not isinstance(event, QMouseEvent):
            return False
        key = id(watched)
        if kind == DOUBLE:
            return True
        if kind == RELEASE:
            if key in self._dropped:
                self._dropped.discard(key)
                return True
            return False
        stamp = event.timestamp()
        last = self._pressed.get(key)
        self._pressed[key] = stamp
        if last is not None and 0 <= stamp - last < QApplication.doubleClickInterval():
            self._dropped.add(key)
            return True
        return False


_GUARD: list[SinglePress] = []  # one for the application, made with its first button


def single_press(button: QAbstractButton) -> QAbstractButton:
    """``button`` acts once for a double click."""
    if not _GUARD:
        _GUARD.append(SinglePress(QApplication.instance()))
    button.installEventFilter(_GUARD[0])
    return button


def single_presses(root: QWidget) -> None:
    """Every button under ``root`` (those made by then) acts once for a double click."""
    for button in root.findChildren(QAbstractButton):
        single_press(button)
