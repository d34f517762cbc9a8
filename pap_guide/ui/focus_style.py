"""Buttons and ticks keep the keyboard where it was when they are clicked.

The monitor clicks a one-click observation, a Correct… or Export… button,
or a checklist tick, and goes on typing a note. When the click took the
focus, the space of the next words pressed the same button again: a second
"nausea" was saved and the words were lost, or the dialog opened again with
the note's letters in it. Through the application's style every button
(check boxes included) takes the focus from Tab only, never from a click, so
the keys stay in the field they were going to. Tab still reaches every
button, and Space and Enter press it there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)


class ClickKeepsFocus(QProxyStyle):
    """The platform's style, but for the buttons' focus policy (read when one is made)."""

    def styleHint(  # Qt override
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_Button_FocusPolicy:
            return int(Qt.FocusPolicy.TabFocus.value)
        return int(super().styleHint(hint, option, widget, returnData))


def keep_focus_on_click(app: QApplication) -> None:
    """Once for the application, before its buttons are made."""
    if not isinstance(app.style(), ClickKeepsFocus):
        app.setStyle(ClickKeepsFocus(app.style().name()))
