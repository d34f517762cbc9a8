"""Small helpers shared by the widgets."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible_name: str) -> W:
    """Give ``widget`` its automation name and its screen-reader name."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget``'s first frame was painted, then lets go."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after the whole frame, not during it
        return False


def as_wide_as(button: QAbstractButton, texts: tuple[str, ...]) -> None:
    """The button as wide as the widest of the texts it shows in turn, so the
    buttons beside it stay where they are when its text changes (Pause, Play)."""
    button.ensurePolished()  # the style sheet's padding and font: sizeHint counts them
    shown = button.text()
    widths = []
    for text in texts:
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setText(shown)
    button.setMinimumWidth(max(widths))


def plain(label: QLabel) -> QLabel:
    """``label`` shows its text as it is, never as rich text.

    A QLabel guesses (Qt::AutoText): a note such as ``<b>x</b>`` or
    ``<img src=file:///etc/hostname>`` would be drawn as HTML, even load a
    local file. Every label that can show what someone typed, or what a file
    holds, is plain.
    """
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is.

    Tooltips have no text format of their own: Qt guesses rich text from the
    string. The text is escaped and wrapped in a paragraph, so that the guess
    is always rich and the rich text is always the literal (newlines kept).
    """
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


class SteadyLabel(QWidget):
    """Holds a label whose text changes with the clock, so that the window stays still.

    ``QLabel.setText`` asks its parent's layout to lay out again even when
    the label keeps its size, and each layout above follows, up to the main
    window (which even starts a geometry animation for its central widget):
    once a second, for the clock. Here the label is in no layout: the holder
    places it over its own area, so the label's request ends at the holder,
    which has no layout to redo. When a text may need other room than the
    one before (it differs in more than its digits, or the font's digits
    differ in width), or the font changes, the holder asks its own layout
    again. The label fills its background (the style sheet's colour), so a
    new text repaints nothing beneath it.

    Signals: none.
    """

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        label.setAutoFillBackground(True)  # opaque: nothing beneath it is repainted
        label.installEventFilter(self)  # its font, polished or changed
        self.setSizePolicy(label.sizePolicy())
        self._tabular: tuple[QFont, bool] | None = None  # (font, digits of one width)

    def set_text(self, text: str) -> None:
        """Show ``text``; the same text again costs nothing."""
        label = self.label
        shown = label.text()
        if text == shown:
            return
        if not label.autoFillBackground():
            # a style sheet with a background turns it off when it polishes the
            # label (its first show, a theme switch): on again, in the sheet's
            # own colour, so nothing looks different
            label.setAutoFillBackground(True)
        label.setText(text)
        if not (same_but_digits(shown, text) and self._digits_alike()):
            self.updateGeometry()  # it may need other room: the layout decides

    def _digits_alike(self) -> bool:
        font = self.label.font()
        if self._tabular is None or self._tabular[0] != font:  # QFont's ==: no key string
            self._tabular = (QFont(font), even_digits(QFontMetricsF(font)))
        return self._tabular[1]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if watched is self.label and kind in (
            QEvent.Type.Polish,
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
        ):
            self.updateGeometry()  # a new font: new room (laid out once this is done)
        return False

    def sizeHint(self) -> QSize:  # Qt override
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:  # Qt override
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # Qt override
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self.label.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)


def even_digits(metrics: QFontMetricsF) -> bool:
    """The font's ten digits are all as wide (a clock's next second keeps its room)."""
    return len({metrics.horizontalAdvance(digit) for digit in "0123456789"}) == 1


def same_but_digits(old: str, new: str) -> bool:
    """``new`` is ``old`` with only digits changed (a clock's next second)."""
    return len(old) == len(new) and old.translate(ANY_DIGIT) == new.translate(ANY_DIGIT)


# the digits the clocks write (ASCII), each as 0: compared in C, not char by char;
# any other change, other scripts' digits included, asks the layout again
ANY_DIGIT = str.maketrans("0123456789", "0000000000")
