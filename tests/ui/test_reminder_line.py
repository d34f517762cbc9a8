"""A reminder coming or going does not move the guide's buttons."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tests.helpers.ui import begin, child


def _seen(window):  # type: ignore[no-untyped-def]
    window.refresh()
    QApplication.processEvents()
    clock = child(window, "sessionClock").mapTo(window, QPoint(0, 0)).y()
    button = child(window, "endSessionButton").mapTo(window, QPoint(0, 0)).y()
    return child(window, "remindersLabel").text(), clock, button


def test_the_supplemental_window_comes_and_goes_without_moving_anything(
    make_window, qtbot, fake_clock
):
    window = make_window("--protocol", "mdma")
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    begin(window)
    seen = [_seen(window)]
    for _ in range(30):  # five hours, ten minutes at a time
        fake_clock.advance(600)
        seen.append(_seen(window))
    texts = {text for text, _, _ in seen}
    lines = {text.count("\n") + 1 for text in texts}
    assert len(lines) > 1, texts  # reminders came and went: two lines, then one
    assert len({(clock, button) for _, clock, button in seen}) == 1, seen
