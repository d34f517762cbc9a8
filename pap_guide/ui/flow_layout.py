"""A layout that places its widgets in rows, starting a new row when one is full.

Buttons whose number and width come from the protocol or the people in the
room (observation tags, who is logging) would otherwise widen the window
past a laptop's screen; in a flow they take another line instead.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Left-to-right rows, wrapped to the width it is given (height for width)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` at ``index`` (the first place for 0)."""
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def spacing(self) -> int:  # Qt override
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # Qt override
        """The widest item: a row of buttons must not claim the width of the screen.

        A splitter shares its width by its children's hints, so a hint of all
        the buttons in one line would starve the other column; the flow fills
        whatever width it is given instead.
        """
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # Qt override
        """The widest single item: below that, something would be cut."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.sizeHint())
        return self._with_margins(size)

    def _with_margins(self, size: QSize) -> QSize:
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        """The items laid out: hidden ones too if they keep their place (a button shown
        for a moment that must not move the ones around it)."""
        return [item for item in self._items if _placed(item)]

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height used.

        Items of one row are centred on it, so a label beside a slider lines up
        with the buttons around it.
        """
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[QLayoutItem]] = [[]]
        x = area.x()
        for item in self._visible():
            width = item.sizeHint().width()
            if rows[-1] and x + width > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append(item)
            x += width + self._spacing
        y = area.y()
        for row in rows:
            height = max((item.sizeHint().height() for item in row), default=0)
            x = area.x()
            for item in row:
                hint = item.sizeHint()
                if place:
                    top = y + (height - hint.height()) // 2
                    size = QSize(min(hint.width(), area.width()), hint.height())
                    item.setGeometry(QRect(QPoint(x, top), size))
                x += hint.width() + self._spacing
            y += height + (self._spacing if row is not rows[-1] else 0)
        return y - rect.y() + margins.bottom()


def _placed(item: QLayoutItem) -> bool:
    widget = item.widget()
    return widget is None or not widget.isHidden() or widget.sizePolicy().retainSizeWhenHidden()


def flow_widget(name: str, accessible: str) -> tuple[QWidget, FlowLayout]:
    """A plain widget holding a flow layout, sized by height for width."""
    widget = QWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    layout = FlowLayout(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    return widget, layout
