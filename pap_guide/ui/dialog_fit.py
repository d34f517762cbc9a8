"""Dialogs that fit the laptop's screen: text wraps, long content scrolls, nothing is cut.

A dialog is never wider or taller than 90% of the available area of the
screen it opens on (1366x728 or 1280x720 on the clinic's laptops). When its
content is taller, the content scrolls vertically; it never scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from pap_guide.ui.widgets import plain

SCREEN_SHARE = 0.9
TITLE_ROOM = 120  # the title bar's icon and buttons beside the title text
SIDE_WIDTH = 420  # the text beside a form, when the screen has the room
FIELD_ROOM = 24  # a line edit's frame and text margins around its text


def screen_area(widget: QWidget) -> QSize:
    """The available size of the screen ``widget`` (or its parent) is on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size()


def largest(area: QSize) -> QSize:
    """The largest a dialog may be on a screen of ``area``."""
    return QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))


def title_width(dialog: QWidget) -> int:
    """How wide ``dialog`` must be for its whole title to show in the title bar."""
    return dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + TITLE_ROOM


def wrapped(text: str = "") -> QLabel:
    """A plain-text label that wraps at word boundaries."""
    label = plain(QLabel(text))
    label.setWordWrap(True)
    return label


def placeholder_fits(edit: QLineEdit) -> QLineEdit:
    """Make ``edit`` at least wide enough to show its whole placeholder text."""
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + FIELD_ROOM
    edit.setMinimumWidth(max(edit.minimumWidth(), needed))
    return edit


def fit_window(dialog: QWidget, preferred: QSize, area: QSize | None = None) -> None:
    """Size ``dialog`` to ``preferred``, within 90% of ``area`` (default: its screen)."""
    limit = largest(area if area is not None else screen_area(dialog))
    dialog.setMaximumSize(limit)
    wanted = preferred.expandedTo(QSize(title_width(dialog), 0))
    dialog.resize(wanted.expandedTo(dialog.minimumSizeHint()).boundedTo(limit))


class FitDialog(QDialog):
    """A dialog whose form scrolls vertically when the screen is too small for it.

    Subclasses add rows to :attr:`form` and their buttons with
    :meth:`add_buttons`; the dialog sizes itself each time it is shown and
    again on :meth:`refit` (after an error message appeared, say).
    """

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        width: int = 460,
        side: QTextEdit | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.preferred_width = width
        self.side = side  # read-only text beside the form, scrolling by itself
        self.area: QSize | None = None  # the last screen size fitted to
        # typing at once lands here, its text selected so typing replaces it; given
        # the focus in __init__, before the field was in the dialog, it had none
        self.first_field: QLineEdit | QAbstractSpinBox | None = None
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("dialogScroll")
        self.scroller.setAccessibleName("Dialog content")
        self.scroller.setWidget(self.body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outer = QVBoxLayout(self)
        self.columns = QHBoxLayout()
        self.columns.addWidget(self.scroller, 0 if side else 1)
        if side is not None:
            self.columns.addWidget(side, 1)
        self.outer.addLayout(self.columns, 1)

    def add_buttons(self, box: QDialogButtonBox) -> QDialogButtonBox:
        """Buttons below the scrolled content: always in view."""
        self.outer.addWidget(box)
        return box

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self.fit()
        super().showEvent(event)  # QDialog centres the dialog at its fitted size
        field = self.first_field
        if field is not None and self.focusWidget() in (None, field):
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.selectAll()

    def refit(self) -> None:
        if self.isVisible():
            self.fit(self.area)

    def fit(self, area: QSize | None = None) -> None:
        """Size to the content, within 90% of ``area`` (default: the screen it is on)."""
        self.area = area
        limit = largest(area if area is not None else screen_area(self))
        self.setMaximumSize(limit)
        margins = self.outer.contentsMargins()
        room = limit.width() - margins.left() - margins.right()  # inside the margins
        tall = limit.height() - margins.top() - margins.bottom()
        for index in range(1, self.outer.count()):
            item = self.outer.itemAt(index)
            shown = item.widget() if item is not None else None
            if item is not None and (shown is None or not shown.isHidden()):
                tall -= item.sizeHint().height() + self.outer.spacing()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        title = title_width(self) - margins.left() - margins.right()
        form = max(self.body.sizeHint().width(), min(self.preferred_width, room))
        if self.side is None:
            width = min(room, max(form, title))
            form = width
        else:  # the form takes what it needs, at most half; the text the rest
            form = min(form, room // 2)
            width = min(room, max(self.preferred_width, form + SIDE_WIDTH, title))
        if self._content_height(form) > tall:  # the form scrolls: room for its bar
            if self.side is None:
                width = form = min(room, form + bar)
            else:
                form = min(room // 2, form + bar)
        beside = width - form - self.columns.spacing()
        height = self._content_height(form - (bar if self._content_height(form) > tall else 0))
        if self.side is not None:
            self.scroller.setFixedWidth(form)
            height = max(height, self._side_height(beside))
        outside = limit.height() - tall
        wanted = QSize(width + margins.left() + margins.right(), min(height, tall) + outside)
        self.resize(wanted.boundedTo(limit))

    def _content_height(self, width: int) -> int:
        height = self.body.heightForWidth(width)
        return height if height >= 0 else self.body.sizeHint().height()

    def _side_height(self, width: int) -> int:
        if self.side is None:
            return 0
        document = self.side.document().clone()
        document.setTextWidth(max(1, width - 2 * self.side.frameWidth() - 8))
        return int(document.size().height()) + 2 * self.side.frameWidth() + 8
