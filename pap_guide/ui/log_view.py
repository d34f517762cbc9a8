"""The log: newest first, filtered by kind, flagged rows marked, amendments shown.

A correction or strike-out is asked for here and saved as a new entry; the
original stays in the row's history.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core import entries as kinds
from pap_guide.core.entries import LogLine, describe
from pap_guide.core.logbook import EntryRefused, LogBook
from pap_guide.ui.entry_dialogs import when
from pap_guide.ui.session_dialogs import Asker
from pap_guide.ui.theme import NIGHT, Theme
from pap_guide.ui.widgets import named, plain, plain_tip
from pap_guide.ui.wrap_delegate import WrapDelegate

TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
WHO_WIDTH = 130  # px: about a short name; a longer one takes two lines

FILTERS = [
    ("All entries", None),
    ("Notes", kinds.NOTE),
    ("Observations", kinds.OBSERVATION),
    ("Vitals", kinds.VITALS),
    ("Ratings", kinds.RATING),
    ("Adverse events", kinds.ADVERSE),
    ("Intentions", kinds.INTENTION),
    ("Flagged", "flagged"),
]


class LogView(QWidget):
    """The monitor log.

    Signals:
        amended(object): an amendment Entry was committed.
    """

    amended = Signal(object)

    def __init__(
        self,
        book: LogBook,
        author: Callable[[], str],
        ask: Callable[[], Asker | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.book, self.author, self.ask = book, author, ask
        self.theme: Theme = NIGHT
        self.tree = named(QTreeWidget(), "logView", "Monitor log")
        self.tree.setHeaderLabels(["Time", "Who", "Kind", "Entry"])
        self.tree.setAlternatingRowColors(True)
        # long entries (alerts, corrections) wrap onto more lines, never cut off at the edge
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # who: a set width, a long name wraps, so the entry keeps the room it needs
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, WHO_WIDTH)
        self.filter = named(QComboBox(), "logFilter", "Show entries of kind")
        for label, value in FILTERS:
            self.filter.addItem(label, value)
        self.correct_button = named(
            QPushButton("Correct…"), "correctEntryButton", "Correct the selected entry"
        )
        self.strike_button = named(
            QPushButton("Strike out…"), "strikeEntryButton", "Strike out the selected entry"
        )
        self.message = plain(named(QLabel(""), "logMessage", "Log messages"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tools = QWidget()  # the window may show these beside the Log tab
        row = QHBoxLayout(self.tools)
        row.setContentsMargins(0, 0, 0, 2)
        row.addWidget(self.filter)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.strike_button)
        layout.addWidget(self.tools)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.correct_button.clicked.connect(lambda: self._ask(strike=False))
        self.strike_button.clicked.connect(lambda: self._ask(strike=True))
        QShortcut(QKeySequence("Ctrl+L"), self, self.tree.setFocus)
        self.lines: list[LogLine] = []
        self.pending = 0  # entries shown as not yet on disk

    def refresh(self) -> None:
        self.lines = self.book.lines()
        self.pending = 0
        wanted = self.filter.currentData()
        selected = self.selected()
        self.tree.clear()
        for line in self.lines:
            if wanted == "flagged" and not line.flagged:
                continue
            if wanted not in (None, "flagged") and line.original.kind != wanted:
                continue
            item = self._item(line)
            self.tree.addTopLevelItem(item)
            if selected is not None and line.original.id == selected.original.id:
                self.tree.setCurrentItem(item)

    def _item(self, line: LogLine) -> QTreeWidgetItem:
        current = line.current
        text = describe(current)
        if line.struck:
            text = f"[struck out: {current.reason}] {describe(line.original)}"
        elif len(line.history) > 1:
            text += "  (corrected)"
        if line.flagged:
            text = "⚠ " + text + " — " + "; ".join(current.flags)
        if any(self.book.is_pending(step) for step in line.history):
            self.pending += 1
            text = "(not yet saved) " + text
        item = QTreeWidgetItem(
            [when(line.original), line.original.author, kinds.KIND_LABELS[line.original.kind], text]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, line.original.id)
        item.setToolTip(3, plain_tip(text))
        font = QFont(self.font())
        font.setStrikeOut(line.struck)
        font.setBold(line.original.kind == kinds.ADVERSE)
        for column in range(4):
            item.setFont(column, font)
            item.setTextAlignment(column, TOP_LEFT)  # a wrapped entry's time stays beside its start
            if line.flagged or line.original.kind == kinds.ADVERSE:
                item.setForeground(column, QBrush(QColor(self.theme.alert)))
        for step in line.history[1:]:
            what = "struck out" if step.struck else f"corrected to: {describe(step)}"
            child = QTreeWidgetItem(
                [
                    when(step),
                    step.author,
                    "Amendment",
                    f"{what} · why: {step.reason} · {step.utc.astimezone():%H:%M:%S}",
                ]
            )
            item.addChild(child)
        if len(line.history) > 1:
            original = QTreeWidgetItem(
                ["", line.original.author, "Original", describe(line.original)]
            )
            item.insertChild(0, original)
        return item

    def selected(self) -> LogLine | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((line for line in self.lines if line.original.id == wanted), None)

    def select_row(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _ask(self, strike: bool) -> None:
        line = self.selected()
        if line is None:
            self.message.setText("Select an entry first.")
            return
        asker = self.ask()
        if asker is not None:
            asker.amend(line.current, strike, partial(self._save, line, strike=strike))

    def amend(self, line: LogLine, values: dict[str, str], reason: str, strike: bool) -> bool:
        """Save a correction (or strike-out) of ``line``; says why when refused."""
        try:
            self._save(line, values, reason, strike=strike)
        except EntryRefused:
            return False
        return True

    def _save(self, line: LogLine, values: dict[str, str], reason: str, *, strike: bool) -> None:
        """The amendment, or EntryRefused (also said under the log) for the dialog to show."""
        try:
            if strike:
                entry = self.book.strike(line.current, reason, self.author())
            else:
                entry = self.book.correct(line.current, values, reason, self.author())
        except EntryRefused as refused:
            self.message.setText(f"Not saved: {refused}")
            raise
        self.message.setText("Amendment saved; the original is kept in the history.")
        self.amended.emit(entry)
        self.refresh()
