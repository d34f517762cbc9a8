"""The session clock drawn from cached character images looks as QLabel draws it.

Both labels get the same text, font, style sheet and size; their images are
compared pixel by pixel (anti-aliased edges may differ by a shade) and by
where the ink is. The cache is checked to hold one image per character and
to be redrawn when the theme's colour changes.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from pap_guide.ui.glyph_label import GlyphLabel
from pap_guide.ui.theme import THEMES, stylesheet


def ink(image: QImage, background: int) -> tuple[int, int, int, int]:
    """The box around every pixel that is not the background's colour."""
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            if abs(image.pixelColor(x, y).red() - background) > 40:
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


@pytest.fixture
def pair(qtbot):  # type: ignore[no-untyped-def]
    holder = QWidget()
    layout = QHBoxLayout(holder)
    labels = (QLabel(), GlyphLabel())
    for label in labels:
        label.setObjectName("sessionClock")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFixedSize(420, 94)
        layout.addWidget(label)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, labels


@pytest.mark.parametrize("theme", ["night", "day"])
@pytest.mark.parametrize("text", ["T+01:23:45", "Pre-dose", "T+00:00:07"])
def test_it_looks_as_qlabel(pair, theme: str, text: str) -> None:  # type: ignore[no-untyped-def]
    holder, (qlabel, glyphs) = pair
    holder.setStyleSheet(stylesheet(THEMES[theme]))
    for label in (qlabel, glyphs):
        label.setText(text)
    QApplication.processEvents()
    want, got = qlabel.grab().toImage(), glyphs.grab().toImage()
    background = want.pixelColor(0, 0).red()
    assert got.pixelColor(0, 0) == want.pixelColor(0, 0)
    box_want, box_got = ink(want, background), ink(got, background)
    assert all(abs(a - b) <= 1 for a, b in zip(box_want, box_got, strict=True)), (box_want, box_got)
    differ = sum(
        abs(want.pixelColor(x, y).red() - got.pixelColor(x, y).red()) > 60
        for y in range(want.height())
        for x in range(want.width())
    )
    assert differ < 0.02 * want.width() * want.height()


def test_one_image_per_character_and_new_ones_for_a_new_colour(pair) -> None:  # type: ignore[no-untyped-def]
    holder, (_qlabel, glyphs) = pair
    holder.setStyleSheet(stylesheet(THEMES["night"]))
    glyphs.setText("T+00:00:01")
    glyphs.repaint()
    assert {key[0] for key in glyphs._glyphs} == set("T+0:1")
    kept = dict(glyphs._glyphs)
    places = glyphs._placed
    glyphs.setText("T+00:00:02")
    glyphs.repaint()
    assert glyphs._placed is places  # only a digit changed: the same places
    assert {key[0] for key in glyphs._glyphs} == set("T+0:12")
    assert all(glyphs._glyphs[c] is kept[c] for c in kept)  # drawn once, placed again
    holder.setStyleSheet(stylesheet(THEMES["day"]))
    glyphs.repaint()
    redrawn = [key for key in kept if key in glyphs._glyphs]
    assert {key[0] for key in redrawn} == set("T+0:")  # '1' is not shown now
    assert all(glyphs._glyphs[key] is not kept[key] for key in redrawn)


def test_a_longer_line_is_placed_again(pair) -> None:  # type: ignore[no-untyped-def]
    _holder, (_qlabel, glyphs) = pair
    glyphs.setText("T+09:59:59")
    glyphs.repaint()
    places = glyphs._placed
    glyphs.setText("T+10:00:00")  # the same shape
    glyphs.repaint()
    assert glyphs._placed is places
    glyphs.setText("T+100:00:00")  # a longer one: centred anew
    glyphs.repaint()
    assert glyphs._placed is not places
    assert glyphs._placed is not None and len(glyphs._placed[1]) == len("T+100:00:00")


def test_several_lines_are_left_to_qlabel(pair) -> None:  # type: ignore[no-untyped-def]
    _holder, (_qlabel, glyphs) = pair
    glyphs.setText("two\nlines")
    glyphs.repaint()
    assert glyphs._glyphs == {}
