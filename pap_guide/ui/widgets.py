"""Small helpers shared by the widgets."""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible_name: str) -> W:
    """Give ``widget`` its automation name and its screen-reader name."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


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
