"""Check boxes show plainly in both themes, and a ticked box looks unlike an empty one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from pap_guide.ui.theme import THEMES, stylesheet
from tests.helpers.pixels import colours, contrast, measure


@pytest.fixture
def themed(qapp):  # type: ignore[no-untyped-def]
    before = qapp.styleSheet()

    def apply(name: str) -> None:
        qapp.setStyleSheet(stylesheet(THEMES[name]))

    yield apply
    qapp.setStyleSheet(before)


def _boxes(qtbot) -> tuple[QWidget, QCheckBox, QCheckBox, QListWidget]:  # type: ignore[no-untyped-def]
    host = QWidget()
    layout = QVBoxLayout(host)
    empty, ticked = QCheckBox("°F"), QCheckBox("°F")
    ticked.setChecked(True)
    items = QListWidget()
    for text, state in (("Consent", Qt.CheckState.Unchecked), ("Fasting", Qt.CheckState.Checked)):
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(state)
        items.addItem(item)
    for widget in (empty, ticked, items):
        layout.addWidget(widget)
    qtbot.addWidget(host)
    host.resize(300, 220)
    host.show()
    qtbot.waitExposed(host)
    QApplication.processEvents()
    return host, empty, ticked, items


def _box_rect(box: QCheckBox) -> QRect:
    option = QStyleOptionButton()
    box.initStyleOption(option)
    return box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)


def _item_box_rect(items: QListWidget, row: int) -> QRect:
    option = QStyleOptionViewItem()
    index = items.model().index(row, 0)
    items.initViewItemOption(option)
    option.rect = items.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.index = index
    rect = items.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, items
    )
    return rect.intersected(items.viewport().rect())


def _ring(rect: QRect, width: int = 2) -> list[QRect]:
    """The outermost ``width`` pixels of ``rect``: where the box's border is drawn."""
    return [
        QRect(rect.left(), rect.top(), rect.width(), width),
        QRect(rect.left(), rect.bottom() - width + 1, rect.width(), width),
        QRect(rect.left(), rect.top(), width, rect.height()),
        QRect(rect.right() - width + 1, rect.top(), width, rect.height()),
    ]


def _differ(image_a, rect_a: QRect, image_b, rect_b: QRect) -> float:  # type: ignore[no-untyped-def]
    """The share of pixels that differ between two same-sized patches."""
    a, b = image_a.copy(rect_a), image_b.copy(rect_b)
    size = min(a.width(), b.width()), min(a.height(), b.height())
    changed = sum(a.pixel(x, y) != b.pixel(x, y) for x in range(size[0]) for y in range(size[1]))
    return changed / (size[0] * size[1])


@pytest.mark.parametrize("theme", list(THEMES))
def test_check_box_borders_stand_out(themed, qtbot, theme):
    themed(theme)
    host, empty, ticked, items = _boxes(qtbot)
    t = THEMES[theme]
    for box in (empty, ticked):
        image = box.grab().toImage()
        rect = _box_rect(box)
        ground = measure(image).background
        ring = colours(image, QRect(rect.center().x(), rect.top(), 1, 3))
        best = max(contrast(colour, ground) for colour in ring)
        assert best >= 3.0, f"{box.text()} border {best:.2f} on #{ground:06x}"
    image = items.viewport().grab().toImage()
    for row in range(items.count()):
        rect = _item_box_rect(items, row)
        edge = colours(image, QRect(rect.center().x(), rect.top(), 1, 3))
        ground = QRect(items.viewport().width() - 6, rect.center().y(), 3, 1)
        behind = colours(image, ground).most_common(1)[0][0]
        best = max(contrast(colour, behind) for colour in edge)
        assert best >= 3.0, f"list item {row} border {best:.2f} ({t.name})"


@pytest.mark.parametrize("theme", list(THEMES))
def test_ticked_differs_from_empty(themed, qtbot, theme):
    themed(theme)
    host, empty, ticked, items = _boxes(qtbot)
    t = THEMES[theme]
    a, b = empty.grab().toImage(), ticked.grab().toImage()
    assert (
        _differ(a, _box_rect(empty), b, _box_rect(ticked)) > 0.15
    )  # the filled middle: about a fifth of the box
    # the ticked box is filled in its middle with the accent; the empty one is not
    middle = _box_rect(ticked).center()
    centre = QRect(middle.x() - 1, middle.y() - 1, 3, 3)
    assert contrast(measure(b, centre).background, t.accent) < 1.1
    assert contrast(measure(a, _box_rect(empty).adjusted(6, 6, -6, -6)).background, t.accent) > 2
    image = items.viewport().grab().toImage()
    rect_empty, rect_ticked = _item_box_rect(items, 0), _item_box_rect(items, 1)
    assert (
        _differ(image, rect_empty, image, rect_ticked) > 0.15
    )  # the filled middle: about a fifth of the box
