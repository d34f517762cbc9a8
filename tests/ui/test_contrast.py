"""Every text on screen meets WCAG AA contrast, measured from the rendered window.

The window is built as the clinic runs it (1366x728, a session with people,
a dose, an open checklist item, someone out of the room and a monitor log),
each visible text-bearing widget is grabbed, and its ink is compared with its
background pixel by pixel: nothing is assumed from the style sheet.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

from pap_guide.ui.timeline import PhaseTimeline
from tests.helpers.pixels import Patch, measure

AA = 4.5  # WCAG 1.4.3, normal text
DISABLED = 3.0  # exempt from 1.4.3; kept readable all the same
THEMES = ["night", "day"]
PEOPLE = {"Mara Lind": "guide", "Jon Okafor": "co-guide", "Ana Reyes": "monitor"}

Sample = tuple[str, Patch, bool]  # (what, the pixels' verdict, enabled)


def session_window(make_window, qtbot, fake_clock, theme: str):  # type: ignore[no-untyped-def]
    """The window mid-session: most of its widgets showing, a log row selected."""
    window = make_window("--theme", theme)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    desk = window.desk
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    for item in desk.protocol.setup.checklist[:-1]:
        desk.tick(item, "Ana Reyes")  # one left open: the checklist stays on screen
    desk.dose(120, "Mara Lind", reason="the last item is done after the dose")
    desk.step_out("Jon Okafor", "Mara Lind")
    window.refresh()
    window.session_panel.session_changed.emit()
    book = window.log_panel.book
    fake_clock.advance(1800)
    book.vitals({"systolic": "126", "diastolic": "82", "heart_rate": "72"}, False, "Ana Reyes")
    book.note("Settled, eyeshades on, breathing slow", "Ana Reyes")
    fake_clock.advance(1800)
    book.vitals({"systolic": "172", "diastolic": "96", "heart_rate": "108"}, False, "Ana Reyes")
    book.rating("SUDS", "3", "Ana Reyes")
    window.refresh()
    tree = window.findChild(QAbstractItemView, "logView")
    if tree is not None and tree.model().rowCount() > 2:
        tree.setCurrentIndex(
            tree.model().index(2, 0)
        )  # a plain row: the flagged one shows its own colour
    focused = window.focusWidget()
    if focused is not None:
        focused.clearFocus()  # a text cursor is not text; placeholders are measured bare
    for _ in range(3):
        QApplication.processEvents()
    return window


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _name(widget: QWidget, text: str = "") -> str:
    label = widget.objectName() or type(widget).__name__
    return f"{label} {text[:30]!r}" if text else label


def _inner(rect: QRect, margin: int) -> QRect:
    return rect.adjusted(margin, margin, -margin, -margin)


def samples(window: QWidget) -> Iterator[Sample]:
    """Every text on screen, as (what, patch, enabled), generic over widget types."""
    for widget in window.findChildren(QWidget):
        if not _shown(widget):
            continue
        yield from _samples_of(widget)


def _samples_of(widget: QWidget) -> Iterator[Sample]:
    enabled = widget.isEnabled()
    if isinstance(widget, QHeaderView):
        yield from _header(widget)
    elif isinstance(widget, QAbstractItemView):
        yield from _cells(widget)
    elif isinstance(widget, QTabBar):
        yield from _tabs(widget)
    elif isinstance(widget, PhaseTimeline):
        yield from _timeline(widget)
    elif isinstance(widget, QLabel) and widget.text().strip():
        yield _name(widget, widget.text()), _grab(widget, widget.contentsRect()), enabled
    elif isinstance(widget, QAbstractButton) and widget.text().strip():
        yield _name(widget, widget.text()), _grab(widget, _inner(widget.rect(), 3)), enabled
    elif isinstance(widget, QComboBox) and widget.currentText():
        yield _name(widget, widget.currentText()), _grab(widget, _combo_field(widget)), enabled
    elif isinstance(widget, QLineEdit) and (widget.text() or widget.placeholderText()):
        if not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            text = widget.text() or widget.placeholderText()
            yield _name(widget, text), _grab(widget, _inner(widget.rect(), 3)), enabled
    elif isinstance(widget, QAbstractSpinBox) and widget.text():
        yield _name(widget, widget.text()), _grab(widget, _inner(widget.rect(), 3)), enabled


def _grab(widget: QWidget, rect: QRect | list[QRect], image: QImage | None = None) -> Patch:
    """The patch of ``widget`` under ``rect`` (or the union of several rects)."""
    image = image if image is not None else widget.grab().toImage()
    ratio = image.devicePixelRatio()
    scaled = [
        QRect(
            int(r.x() * ratio), int(r.y() * ratio), int(r.width() * ratio), int(r.height() * ratio)
        ).intersected(image.rect())
        for r in (rect if isinstance(rect, list) else [rect])
    ]
    return measure(image, *(r for r in scaled if not r.isEmpty()))


def _combo_field(combo: QComboBox) -> QRect:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return _inner(field, 1)


def _tabs(bar: QTabBar) -> Iterator[Sample]:
    image = bar.grab().toImage()
    for i in range(bar.count()):
        rect = bar.tabRect(i).adjusted(2, 2, -2, -4)  # not the selected tab's underline
        yield f"{_name(bar)} tab {bar.tabText(i)!r}", _grab(bar, rect, image), bar.isEnabled()


def _header(header: QHeaderView) -> Iterator[Sample]:
    image = header.viewport().grab().toImage()
    model = header.model()
    for i in range(header.count()):
        if header.isSectionHidden(i) or header.sectionSize(i) < 8:
            continue
        text = str(model.headerData(i, header.orientation()) or "")
        if not text:
            continue
        rect = QRect(header.sectionViewportPosition(i), 0, header.sectionSize(i), header.height())
        yield (
            f"{_name(header.parent() or header)} header {text!r}",
            _grab(header.viewport(), _inner(rect, 2), image),
            header.isEnabled(),
        )


def _indexes(view: QAbstractItemView, parent: QModelIndex) -> Iterator[QModelIndex]:
    model = view.model()
    for row in range(model.rowCount(parent)):
        column = 0
        while (index := model.index(row, column, parent)).isValid():
            yield index
            column += 1
        first = model.index(row, 0, parent)
        if model.rowCount(first) and _expanded(view, first):
            yield from _indexes(view, first)


def _expanded(view: QAbstractItemView, index: QModelIndex) -> bool:
    return bool(getattr(view, "isExpanded", lambda _index: False)(index))


def _cells(view: QAbstractItemView) -> Iterator[Sample]:
    """Each visible cell with text, on its own: alternating rows and the selection too."""
    viewport = view.viewport()
    image = viewport.grab().toImage()
    for index in _indexes(view, view.rootIndex()):
        text = str(index.data() or "").strip()
        rect = view.visualRect(index).intersected(viewport.rect())
        if not text or rect.height() < 8 or rect.width() < 8:
            continue
        selected = " (selected)" if view.selectionModel().isSelected(index) else ""
        what = f"{_name(view)} row {index.row()} {text[:30]!r}{selected}"
        yield what, _grab(viewport, rect.adjusted(1, 2, -1, -2), image), view.isEnabled()


def _timeline(timeline: PhaseTimeline) -> Iterator[Sample]:
    """Each phase name and start time, less the line marking the present where it crosses."""
    image = timeline.grab().toImage()
    now = timeline.now_x()
    for label in timeline.label_rects():
        parts = _without_column(label.rect.toAlignedRect(), now)
        yield (
            f"{_name(timeline)} {label.text!r}",
            _grab(timeline, parts, image),
            True,
        )
    for text, rect in timeline.time_labels():
        yield f"{_name(timeline)} time {text!r}", _grab(timeline, rect.toAlignedRect(), image), True


def _without_column(rect: QRect, x: float | None) -> list[QRect]:
    """``rect`` less the columns within 4 px of ``x``."""
    if x is None or not rect.left() <= x <= rect.right():
        return [rect]
    cut = int(x) - 4, int(x) + 5
    left = QRect(rect.left(), rect.top(), cut[0] - rect.left(), rect.height())
    right = QRect(cut[1], rect.top(), rect.right() + 1 - cut[1], rect.height())
    return [part for part in (left, right) if part.width() > 0] or [rect]


def failures(window: QWidget) -> list[str]:
    found = []
    for what, patch, enabled in samples(window):
        need = AA if enabled else DISABLED
        if patch.ratio < need:
            found.append(f"{what}: {patch.describe()}, needs {need}")
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_meets_aa_contrast(make_window, qtbot, fake_clock, theme):
    window = session_window(make_window, qtbot, fake_clock, theme)
    measured = list(samples(window))
    names = {what.split(" ")[0] for what, _, _ in measured}
    for expected in ("sessionClock", "phaseName", "nextCheckLabel", "logView", "phaseTimeline"):
        assert expected in names, f"{expected} not measured: {sorted(names)}"
    problems = failures(window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
def test_disabled_controls_stay_readable(make_window, qtbot, fake_clock, theme):
    window = session_window(make_window, qtbot, fake_clock, theme)
    window.desk.step_back("Jon Okafor")  # nobody out: "Back in" is disabled
    window.refresh()
    QApplication.processEvents()
    disabled = [(what, patch) for what, patch, enabled in samples(window) if not enabled]
    assert disabled, "no disabled control on screen to measure"
    for what, patch in disabled:
        assert patch.ratio >= DISABLED, f"{what}: {patch.describe()}"
