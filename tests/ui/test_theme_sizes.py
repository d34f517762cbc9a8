"""Text sizes that read from 1-2 metres, as the style sheet leaves them on screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from tests.ui.test_contrast import THEMES, session_window

MINIMUM_PX = {
    "nextCheckLabel": 20,
    "remindersLabel": 20,
    "nowPlaying": 18,
    "phaseDetail": 18,
    "logView": 15,
    "sessionClock": 72,
    "phaseName": 30,
}
BODY_PX = 15


def pixel_size(widget: QWidget) -> int:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pixelSize()


@pytest.mark.parametrize("theme", THEMES)
def test_the_glanced_at_texts_are_large(make_window, qtbot, fake_clock, theme):
    window = session_window(make_window, qtbot, fake_clock, theme)
    for name, least in MINIMUM_PX.items():
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert pixel_size(widget) >= least, f"{name}: {pixel_size(widget)} px, needs {least}"


@pytest.mark.parametrize("theme", THEMES)
def test_no_text_on_screen_is_smaller_than_body_text(make_window, qtbot, fake_clock, theme):
    window = session_window(make_window, qtbot, fake_clock, theme)
    small = [
        f"{widget.objectName() or type(widget).__name__}: {pixel_size(widget)} px"
        for widget in window.findChildren(QWidget)
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit))
        and widget.isVisible()
        and pixel_size(widget) < BODY_PX
    ]
    assert not small, small


def test_the_clock_and_the_phase_stay_the_largest(make_window, qtbot, fake_clock):
    window = session_window(make_window, qtbot, fake_clock, "night")
    clock = pixel_size(window.findChild(QWidget, "sessionClock"))
    phase = pixel_size(window.findChild(QWidget, "phaseName"))
    others = [
        pixel_size(widget)
        for widget in window.findChildren(QLabel)
        if widget.objectName() not in ("sessionClock", "phaseName")
    ]
    assert clock > phase > max(others)
    QApplication.processEvents()
