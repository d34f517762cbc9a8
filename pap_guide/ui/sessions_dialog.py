"""The sessions list: open, ended and rehearsal sessions, each readable, read-only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from pap_guide.core.session import SessionRecord
from pap_guide.ui.dialog_fit import fit_window
from pap_guide.ui.widgets import named


class SessionsDialog(QDialog):
    """Pick a session on the left; its whole record shows on the right, read-only."""

    def __init__(
        self,
        sessions: list[tuple[SessionRecord, str]],
        lines: Callable[[int], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sessions")
        self.lines = lines
        self.list = named(QListWidget(), "sessionsList", "Sessions")
        self.detail = named(QPlainTextEdit(), "sessionDetail", "Session record, read-only")
        self.detail.setReadOnly(True)
        self.list.setWordWrap(True)  # a long patient code wraps, never scrolls sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail, 2)
        for record, status in sessions:
            label = (
                f"{record.id}  {record.created.astimezone():%Y-%m-%d %H:%M}  "
                f"{record.patient or '-'}  {record.session_type}  [{status}]"
            )
            item = QListWidgetItem(label)
            item.setData(256, record.id)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._show)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.resize(1000, 600)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self.fit()
        super().showEvent(event)

    def fit(self, area: QSize | None = None) -> None:
        """Within 90% of ``area`` (default: the screen it opens on)."""
        fit_window(self, QSize(1000, 600), area)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.detail.setPlainText("\n".join(self.lines(int(item.data(256)))))
