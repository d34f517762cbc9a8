"""The window on a clinic laptop: every named control inside it, uncut, unscrolled.

Swept at 1366x728 (1366x768 less a taskbar) and 1280x720, with every shipped
protocol, three people with long names and a long patient code, before the
dose and mid-session with reminders, an Undo offer and a problem banner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from pap_guide.ui.asker import DoseRequest, SetupRequest
from tests.helpers.ui import child

SIZES = [(1366, 728), (1280, 720)]
PROTOCOLS = sorted(
    p.stem for p in (Path(__file__).parents[2] / "pap_guide" / "protocols").glob("*.toml")
)
PEOPLE = {
    "Dr. Maximiliana Alexandrovna Featherstonehaugh-Worthington": "guide",
    "Bartholomew Christopherson-Vandenberghe III": "co-guide",
    "Anastasia Reyes-Villanueva": "monitor",
}
PATIENT = "P-0142-NORTHWING-B7-ROOM-3"
LEAF = (QAbstractButton, QComboBox, QSpinBox, QLabel, QLineEdit)


def named_widgets(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if w.objectName() and not w.objectName().startswith("qt_") and w.isVisibleTo(window)
    ]


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def clipped(window: QWidget, widget: QWidget) -> str:
    """The container that hides part of ``widget`` (a squeezed row), or ''."""
    box = rect_in(window, widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if not rect_in(window, parent).contains(box):
            return parent.objectName() or type(parent).__name__
        parent = parent.parentWidget()
    return ""


def problems(window: QWidget) -> list[str]:
    """Everything wrong with the window as laid out now."""
    found = []
    if (window.width(), window.height()) != window.expected:
        found.append(f"the window is {window.width()}x{window.height()}, not {window.expected}")
    frame = window.rect()
    leaves = []
    for widget in named_widgets(window):
        name = widget.objectName()
        box = rect_in(window, widget)
        if not frame.contains(box):
            found.append(f"{name} lies outside the window: {box}")
        elif clipped(window, widget):
            found.append(f"{name} is cut off by {clipped(window, widget)}")
        if isinstance(widget, QAbstractScrollArea) and widget.horizontalScrollBar().isVisible():
            found.append(f"{name} scrolls sideways")
        if not isinstance(widget, LEAF):
            continue
        leaves.append((widget, box))
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.text() and widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{name} is cut: {widget.height()} px tall for its wrapped text")
        elif isinstance(widget, QLineEdit):
            text = widget.placeholderText()
            room = widget.width() - 14  # the frame and text margins
            if text and widget.fontMetrics().horizontalAdvance(text) > room:
                found.append(f"{name}'s placeholder is cut: {text!r}")
        elif not (isinstance(widget, QLabel) and not widget.text()):
            short = widget.height() < widget.minimumSizeHint().height()
            if widget.width() < hint.width() or short:
                found.append(f"{name} is {widget.width()}x{widget.height()}, needs {hint}")
    for index, (one, box) in enumerate(leaves):
        for other, other_box in leaves[index + 1 :]:
            if one.isAncestorOf(other) or other.isAncestorOf(one):
                continue
            if box.intersects(other_box):
                found.append(f"{one.objectName()} and {other.objectName()} overlap")
    return found


def laid_out(window: QWidget, size: tuple[int, int]) -> QWidget:
    window.expected = size
    window.resize(*size)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    return window


@pytest.fixture
def opened(make_window, qtbot):
    def open_at(protocol: str, size: tuple[int, int]):  # type: ignore[no-untyped-def]
        window = make_window("--protocol", protocol)
        window.asker.setup_request = SetupRequest(PATIENT, "dosing", dict(PEOPLE))
        window.asker.dose_request = DoseRequest(
            window.desk.protocols[protocol].setup.doses.amounts[0]
            if window.desk.protocols[protocol].setup.doses.amounts
            else 25.0,
            0,
            "LOT-2026-0001",
        )
        laid_out(window, size)
        qtbot.waitExposed(window)
        return window

    return open_at


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_before_the_dose_everything_fits(opened, protocol, size):
    window = opened(protocol, size)
    assert problems(laid_out(window, size)) == []  # no session yet
    child(window, "startSessionButton").click()
    window.refresh()
    assert window.desk.is_open() and child(window, "checklistList").isVisible()
    assert problems(laid_out(window, size)) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_before_the_dose_every_checklist_item_is_in_view(opened, protocol, size):
    """At 1366x768 the MDMA checklist showed three and a half of its six items."""
    window = opened(protocol, size)
    child(window, "startSessionButton").click()
    window.refresh()
    laid_out(window, size)
    checklist = child(window, "checklistList")
    view = checklist.viewport().rect()
    assert checklist.count() >= 4
    for row in range(checklist.count()):
        item = checklist.visualItemRect(checklist.item(row))
        assert view.contains(item), (row, checklist.item(row).text(), item, view)
    assert problems(window) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_mid_session_everything_fits(opened, protocol, size, fake_clock, qtbot):
    window = opened(protocol, size)
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    book, who = window.log_panel.book, "Anastasia Reyes-Villanueva"
    for _quarter in range(6):
        fake_clock.advance(15 * 60)
        book.vitals({"systolic": "182", "diastolic": "112", "heart_rate": "131"}, False, who)
        book.note("Crying quietly, then calm; the guide sits close and holds a hand " * 2, who)
    window.problems.append(
        "The music folder could not be read: /media/usb/music (permission denied). "
        "The clock and the log go on; choose another folder in Playlists…"
    )
    window._set_problems(window.problems)
    window.music.warning.show()  # no audio output: the longest warning there is
    qtbot.mouseClick(child(window, "extendPhaseButton"), Qt.MouseButton.LeftButton)
    fake_clock.advance(3600)  # the repeat check goes overdue: the longest check text
    window.refresh()
    assert "overdue" in child(window, "nextCheckLabel").text()
    assert child(window, "undoPhaseButton").isVisible()
    assert problems(laid_out(window, size)) == []
    window.log_panel.tabs.setCurrentIndex(1)  # the chart
    assert problems(laid_out(window, size)) == []


def test_the_sweep_finds_a_control_pushed_off_the_window(opened):
    """The check itself: a button wider than the screen is caught."""
    window = opened(PROTOCOLS[0], SIZES[1])
    child(window, "exportButton").setMinimumWidth(2000)
    found = problems(laid_out(window, SIZES[1]))
    assert any("the window is" in p for p in found) or any("outside" in p for p in found)


def test_a_large_screen_is_used(opened):
    """On 1920x1080 the log and the clock take the room, not empty margins."""
    window = opened(PROTOCOLS[0], (1920, 1040))
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    laid_out(window, (1920, 1040))
    assert child(window, "logTabs").height() > 500
    assert child(window, "logTabs").width() > 900


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_columns_share_the_width_whatever_they_hold(opened, size, fake_clock):
    """The split is even, not left to what the panels' size hints were at the first layout."""
    window = opened(PROTOCOLS[0], size)
    split = child(window, "mainSplitter")

    def even() -> bool:
        left, right = split.sizes()
        return abs(left - right) <= 1

    assert even()
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    window.log_panel.book.note("A long note " * 40, "Ana Reyes")
    fake_clock.advance(3600)
    window.refresh()
    laid_out(window, (size[0] - 100, size[1]))
    assert even()
    laid_out(window, size)
    assert even()


def test_a_dragged_split_is_kept_when_the_window_is_resized(opened, qtbot):
    window = opened(PROTOCOLS[0], SIZES[0])
    split = child(window, "mainSplitter")
    handle = split.handle(1)
    middle = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, QPoint(middle.x() + 80, middle.y()))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(middle.x() + 80, middle.y()))
    left, right = split.sizes()
    assert left > right + 100  # the guide's column took the width dragged to it
    laid_out(window, SIZES[1])
    left, right = split.sizes()
    assert left > right + 60  # still the wider one: the drag is not undone
