"""Rows whose text wraps onto more lines instead of being cut off with an ellipsis.

QTreeView's word wrap paints wrapped text but sizes rows as one line, so a
long alert or correction was cut. This delegate measures the text at the
width its column really has, and the view asks again when a column is resized.
The view asks for every row in sight after each change (a save shifts them
all), so each measure is remembered by its text, font and width.
"""

from __future__ import annotations

import re
from itertools import pairwise
from unicodedata import combining

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

# both sides: the stylesheet's item padding (5 px) and the style's text margin (3 px)
PADDING = 16
REMEMBERED = 2048  # measures kept: a few screens of rows
# Qt's word wrap never breaks inside a word: a long unbroken run (a pasted link, a
# key held down) ran off the column, cut. A zero-width space between the
# characters of such a run lets it break anywhere, on screen only; never before a
# combining mark or around a joiner (an accent or an emoji sequence stays whole).
LONG_RUN = 30  # characters with no space between: longer than any word that is one
_RUN = re.compile(rf"\S{{{LONG_RUN},}}")
_BREAK = "\u200b"
_KEEP = {"\u200d", "\ufe0e", "\ufe0f"}  # joiner, text and emoji variation selectors


def _breaks(run: re.Match[str]) -> str:
    text = run.group()
    out = [text[0]]
    for before, char in pairwise(text):
        if not (combining(char) or char in _KEEP or before in _KEEP):
            out.append(_BREAK)
        out.append(char)
    return "".join(out)


def breakable(text: str) -> str:
    """``text`` as shown: a zero-width space between the characters of each run of
    LONG_RUN or more with no space."""
    return _RUN.sub(_breaks, text) if len(text) >= LONG_RUN else text


class WrapDelegate(QStyledItemDelegate):
    """Sizes each cell of ``view`` for its text wrapped at the column's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self._sizes: dict[tuple[int, int, str, str], QSize] = {}
        self._fonts: list[tuple[QFont, str]] = []  # the few fonts rows use, and their keys
        view.header().sectionResized.connect(lambda *_: view.scheduleDelayedItemsLayout())

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:  # Qt override
        super().initStyleOption(option, index)
        option.text = breakable(option.text)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideNone
        # a wrapped entry's time stays beside its first line
        option.displayAlignment = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # Qt override
        width = self.view.header().sectionSize(index.column())
        if index.column() == 0:
            width -= self.view.indentation() * (1 + _depth(index))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        # the row's own font, else the view's (the stylesheet's: what the text is painted in)
        font = index.data(Qt.ItemDataRole.FontRole) or self.view.font()
        key = (index.column(), width, text, self._font_key(font))
        known = self._sizes.get(key)
        if known is not None:
            return known
        hint = super().sizeHint(option, index)
        room = QRect(0, 0, max(20, width - PADDING), 100_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        wrapped = QFontMetrics(font).boundingRect(room, flags, breakable(text))
        size = QSize(hint.width(), max(hint.height(), wrapped.height() + 6))
        if len(self._sizes) >= REMEMBERED:
            self._sizes.clear()
        self._sizes[key] = size
        return size

    def _font_key(self, font: QFont) -> str:
        """``font.key()``, which builds a string each call, looked up by QFont's ==."""
        for known, key in self._fonts:
            if known == font:
                return key
        if len(self._fonts) >= 8:
            self._fonts.clear()
        self._fonts.append((QFont(font), font.key()))
        return self._fonts[-1][1]


def _depth(index: QModelIndex | QPersistentModelIndex) -> int:
    depth, parent = 0, index.parent()
    while parent.isValid():
        depth, parent = depth + 1, parent.parent()
    return depth
