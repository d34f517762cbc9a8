"""Dialog buttons carry no desktop icons: drawn for a light background, the ✗ of
Close was a dark mark on a dark button in the night theme (seen on X11 with the
desktop's style; the offscreen platform's style draws none, so a style that does
stands in for the desktop's here)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle

from pap_guide.ui.theme import THEMES, stylesheet

ICONS = QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons


class DesktopStyle(QProxyStyle):
    """A style that puts icons on dialog buttons, as the desktop's did."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # type: ignore[no-untyped-def]
        if hint == ICONS:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_dialog_buttons_say_their_word_only(qtbot, no_app_sheet, theme):
    desktop = DesktopStyle()
    bare = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(bare)
    bare.setStyle(desktop)
    assert bare.style().styleHint(ICONS, None, bare) == 1  # the stand-in does show them
    themed = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(themed)
    themed.setStyle(desktop)
    themed.setStyleSheet(stylesheet(THEMES[theme]))
    assert themed.style().styleHint(ICONS, None, themed) == 0
    assert themed.button(QDialogButtonBox.StandardButton.Close).icon().isNull()
