"""A double click on a button does what one click does.

A double click on Next phase moved the session two phases on (Peak got no time
at all, and the planned end came before the minimum); one on an observation
logged it twice. The mouse events are sent to the real widgets with their own
timestamps, as the window system gives them: QTest's clicks are spaced so that
they never make a double click.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from pap_guide.core.session import EventKind
from tests.helpers.ui import child, shown, started


def clicks(button, *stamps: int) -> None:  # type: ignore[no-untyped-def]
    """A press and a release at each of ``stamps`` (ms); the second of two presses
    within the double-click interval comes with its double-click event, as Qt sends it."""
    at = QPointF(button.rect().center())
    last = None
    for stamp in stamps:
        kinds = [QEvent.Type.MouseButtonPress]
        if last is not None and stamp - last < QApplication.doubleClickInterval():
            kinds.append(QEvent.Type.MouseButtonDblClick)
        kinds.append(QEvent.Type.MouseButtonRelease)
        for n, kind in enumerate(kinds):
            held = (
                Qt.MouseButton.NoButton
                if kind == QEvent.Type.MouseButtonRelease
                else Qt.MouseButton.LeftButton
            )
            event = QMouseEvent(
                kind, at, button.mapToGlobal(at), Qt.MouseButton.LeftButton, held,
                Qt.KeyboardModifier.NoModifier,
            )  # fmt: skip
            event.setTimestamp(stamp + 20 * n)
            QApplication.sendEvent(button, event)
        last = stamp


def moves(window) -> int:  # type: ignore[no-untyped-def]
    return sum(e.kind == EventKind.PHASE_ADVANCED for e in window.desk.controller.events)


def test_a_double_click_on_next_phase_moves_one_phase(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    before = window.desk.state().phase_index
    clicks(child(window, "nextPhaseButton"), 1000, 1150)
    assert moves(window) == 1 and window.desk.state().phase_index == before + 1
    clicks(child(window, "nextPhaseButton"), 5000)  # a click of its own, later: moves on
    assert moves(window) == 2


def test_a_double_click_on_an_observation_logs_it_once(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    button = next(
        b for b in window.findChildren(type(child(window, "nextPhaseButton")))
        if b.objectName().startswith("observation_")
    )  # fmt: skip
    clicks(button, 1000, 1120)
    assert len(window.log_panel.book.lines()) == 1
    button.click()  # a key press or a script's click is never dropped
    button.click()
    assert len(window.log_panel.book.lines()) == 3
