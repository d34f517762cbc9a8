"""The log: newest first, filtered by kind, flagged rows marked, amendments shown.

A correction or strike-out is asked for here and saved as a new entry; the
original stays in the row's history. A save adds or replaces one row (the
logbook says which lines changed since the version shown) and the time and
kind columns have set widths, so a save costs the same at any session length.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeySequence, QShortcut
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
from pap_guide.core.bidi import closed
from pap_guide.core.entries import (
    LogLine,
    after_dose,
    any_after_dose,
    describe,
    late_dose_note,
    when,
)
from pap_guide.core.logbook import STRUCK_ALREADY, STRUCK_CANNOT_CHANGE, EntryRefused, LogBook
from pap_guide.ui.asker import Asker
from pap_guide.ui.theme import NIGHT, Theme
from pap_guide.ui.widgets import named, plain, plain_tip
from pap_guide.ui.wrap_delegate import PADDING, WrapDelegate

USER = Qt.ItemDataRole.UserRole
BATCH = 200  # rows made at a time: more than a screen, a moment's work
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
        self._dose_at: datetime | None = None  # the first dose's time, once given
        self._dose_entered: datetime | None = None  # and when it was entered
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
        # set widths: measuring every row's contents on each save grew with the session.
        # Who: a long name wraps, so the entry keeps the room it needs
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.set_widths()
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
        self._confirmation = ""  # the message, while it only says something was saved
        # wrapped: a long message (a long name in it) widened the log's column and
        # squeezed the guide's, clock, timeline and buttons with it
        self.message.setWordWrap(True)
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
        self.version = 0  # the logbook's version the rows show
        self._items: dict[int, QTreeWidgetItem] = {}  # original's id -> its row
        self._pending: set[int] = set()  # originals shown as not yet on disk
        self._made_to: int | None = None  # id of the oldest line rows were made to; 0: all
        self.tree.verticalScrollBar().valueChanged.connect(self._scrolled)

    def refresh(self) -> None:
        """Rows drawn again from the newest (another filter, theme or session)."""
        self.lines = self.book.lines()
        self.version = self.book.version
        self._pending.clear()
        self._items.clear()
        selected = self.selected()
        self.tree.clear()
        self.tree.scrollToTop()  # what was read may be gone: the newest, not a stray row
        self._made_to = None
        self._more()
        if selected is not None and selected.original.id in self._items:
            self.tree.setCurrentItem(self._items[selected.original.id or 0])

    def _more(self) -> None:
        """The next rows down, a batch at a time: a long session opens with the newest
        in view and the older ones are made as the monitor scrolls to them."""
        if self._made_to == 0:
            return
        start = 0
        if self._made_to is not None:  # the lines are newest first: by falling id
            start = bisect.bisect_right(self.lines, -self._made_to, key=_falling_id)
        items: list[QTreeWidgetItem] = []
        at = start
        while at < len(self.lines) and len(items) < BATCH:
            line = self.lines[at]
            if self.shows(line):
                items.append(self._item(line))
                self._items[line.original.id or 0] = items[-1]
            at += 1
        self._made_to = 0 if at >= len(self.lines) else self.lines[at - 1].original.id or 0
        self.tree.addTopLevelItems(items)

    def _scrolled(self, value: int) -> None:
        bar = self.tree.verticalScrollBar()
        if value >= bar.maximum() - bar.pageStep():
            self._more()

    def update_rows(self) -> None:
        """Show what changed since the last redraw: new rows, amended rows, rows now saved."""
        version = self.book.version
        if version != self.version:
            changed = self.book.changed_since(self.version)
            self.lines = self.book.lines()
            many = changed is None or len(changed) > BATCH  # a redraw makes fewer rows
            with self._reading_kept():
                placed = not many and all(self._place(line) for line in changed or ())
            if not placed:
                self.refresh()
                return
            self.version = version
        for root in list(self._pending):  # the newest lines: found near the front
            line = next(line for line in self.lines if line.original.id == root)
            if not self._is_pending(line):
                self._place(line)
        if self._made_to and self.tree.topLevelItemCount() < BATCH:
            self._more()  # rows went (struck out under a filter): the next ones come up

    @contextmanager
    def _reading_kept(self) -> Iterator[None]:
        """Rows put on top while the monitor reads further down leave what is read where
        it was (Qt keeps the scroll value, so every row would slide down one). The view
        scrolls by row (by pixel, every save measured every row's height: a save at
        10,000 entries took 3.5 times as long), so each row put above moves it one on."""
        bar = self.tree.verticalScrollBar()
        # the row's top-level item: an amendment's own row under it has no place of its own
        anchor = self._top(self.tree.itemAt(0, 0)) if bar.value() > 0 else None
        before = self.tree.indexOfTopLevelItem(anchor) if anchor is not None else -1
        yield
        if anchor is not None and before >= 0:
            after = self.tree.indexOfTopLevelItem(anchor)
            if after > before:
                bar.setValue(bar.value() + after - before)

    def show_newest(self) -> None:
        """The newest row in view: the monitor just saved it."""
        self.tree.scrollToTop()

    def _place(self, line: LogLine) -> bool:
        """Put ``line``'s row where it belongs; False when only a redraw can."""
        root = line.original.id or 0
        old = self._items.pop(root, None)
        self._pending.discard(root)
        if not self.shows(line):
            if old is not None:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(old))
            return True
        first = self.tree.topLevelItem(0)
        if old is None and first is not None and first.data(0, USER) > root:
            # an older line: made with its batch when scrolled to; or, if its batch is
            # made, a row comes into view somewhere below (only a redraw finds where)
            return bool(self._made_to) and root < (self._made_to or 0)
        item = self._item(line)
        self._items[root] = item
        at = 0 if old is None else self.tree.indexOfTopLevelItem(old)
        was_current = old is not None and self._top(self.tree.currentItem()) is old
        if old is not None:
            self.tree.takeTopLevelItem(at)
        self.tree.insertTopLevelItem(at, item)
        if was_current:
            self.tree.setCurrentItem(item)
        return True

    def shows(self, line: LogLine) -> bool:
        wanted = self.filter.currentData()
        if wanted == "flagged":
            return line.flagged
        return wanted is None or line.original.kind == wanted

    def _is_pending(self, line: LogLine) -> bool:
        return any(self.book.is_pending(step) for step in line.history)

    def set_widths(self) -> None:
        """Time and kind columns as wide as their longest text can be, in bold, in the
        log's own font (the stylesheet's, so the tree is polished first)."""
        self.tree.ensurePolished()
        font = QFont(self.tree.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        # as wide as a session time; a time before the dose ('pre-dose 09:15') wraps
        widest_time = max(metrics.horizontalAdvance(t) for t in ("T+00:00:00", "pre-dose"))
        labels = [*kinds.KIND_LABELS.values(), "Amendment", "Original"]
        widest_kind = max(metrics.horizontalAdvance(label) for label in labels)
        header = self.tree.header()
        # an amendment's time sits one level in: two indentations before it
        header.resizeSection(0, widest_time + 2 * self.tree.indentation() + PADDING)
        header.resizeSection(1, WHO_WIDTH)
        header.resizeSection(2, widest_kind + PADDING)

    @staticmethod
    def _top(item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item

    def _item(self, line: LogLine) -> QTreeWidgetItem:
        current = line.current
        text = closed(describe(current))  # typed text, and words after it on the line
        if line.struck:
            text = f"[struck out: {closed(current.reason)}] {text}"
        elif len(line.history) > 1:
            text += "  (corrected)"
        if line.flagged:
            text = "⚠ " + text + " — " + "; ".join(current.flags)
        if self._is_pending(line):
            self._pending.add(line.original.id or 0)
            text = "(not yet saved) " + text
        first = line.original
        at = when(first, self._dose_at, self._dose_entered)
        item = QTreeWidgetItem([at, first.author, kinds.KIND_LABELS[first.kind], text])
        item.setData(0, USER, first.id)
        item.setToolTip(3, plain_tip(text))
        late = after_dose(first, self._dose_at, self._dose_entered)
        if self._dose_at is not None and late is not None:
            item.setToolTip(0, late_dose_note(self._dose_at))
        # the view's font and colours unless this row differs (each call costs, 10,000 rows)
        if line.struck or line.original.kind == kinds.ADVERSE:
            font = QFont(self.font())
            font.setStrikeOut(line.struck)
            font.setBold(line.original.kind == kinds.ADVERSE)
            for column in range(4):
                item.setFont(column, font)
        if line.flagged or line.original.kind == kinds.ADVERSE:
            alert = QBrush(QColor(self.theme.alert))
            for column in range(4):
                item.setForeground(column, alert)
        for step in line.history[1:]:
            what = "struck out" if step.struck else f"corrected to: {closed(describe(step))}"
            child = QTreeWidgetItem(
                [
                    when(step),
                    step.author,
                    "Amendment",
                    f"{what} · why: {closed(step.reason)} · {step.utc.astimezone():%H:%M:%S}",
                ]
            )
            item.addChild(child)
        if len(line.history) > 1:
            original = QTreeWidgetItem(
                ["", line.original.author, "Original", describe(line.original)]
            )
            item.insertChild(0, original)
        return item

    def set_dose(self, dose_at: datetime | None, entered: datetime | None = None) -> None:
        """The first dose's time (and when it was entered): entries logged after it,
        before it was entered (backdated), are shown at their time from the dose, marked."""
        if dose_at == self._dose_at and entered == self._dose_entered:
            return
        self._dose_at, self._dose_entered = dose_at, entered
        if any_after_dose(self.lines, dose_at, entered):
            self.refresh()

    def selected(self) -> LogLine | None:
        item = self._top(self.tree.currentItem())
        if item is None:
            return None
        wanted = item.data(0, USER)
        return next((line for line in self.lines if line.original.id == wanted), None)

    def select_row(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def confirm(self, text: str) -> None:
        """Say under the log that something was saved: true only until the next action."""
        self._confirmation = text
        self.message.setText(text)

    def clear_confirmation(self) -> None:
        """A later refusal (a reading, a dose) made the last confirmation stale: read
        beside it, the refused one seemed saved. A notice of who is logging stays."""
        if self._confirmation and self.message.text() == self._confirmation:
            self.message.clear()
        self._confirmation = ""

    def set_open(self, is_open: bool) -> None:
        """Corrections and strike-outs only while the session is open: once it has
        ended its record is closed (a reason typed first would be refused after)."""
        for button in (self.correct_button, self.strike_button):
            button.setEnabled(is_open)

    def _ask(self, strike: bool) -> None:
        line = self.selected()
        if line is None:
            self.message.setText("Select an entry first.")
            return
        if line.struck:  # refused before a reason is typed, not after
            self.message.setText(STRUCK_ALREADY if strike else STRUCK_CANNOT_CHANGE)
            return
        if not strike and line.original.kind not in kinds.CORRECTABLE:
            label = kinds.KIND_LABELS[line.original.kind]
            self.message.setText(f"{label} entries can only be struck out: use Strike out…")
            return
        asker = self.ask()
        if asker is not None:
            save = partial(self._save, line, strike=strike)
            asker.amend(line.current, strike, save, first=line.original)

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
        self.confirm("Amendment saved; the original is kept in the history.")
        self.amended.emit(entry)
        self.update_rows()


def _falling_id(line: LogLine) -> int:
    return -(line.original.id or 0)
