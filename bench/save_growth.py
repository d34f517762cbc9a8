"""A save from the window at 10, 1,000 and 10,000 entries, against a bare commit.

For each size a new data folder and the real window (offscreen, shown at
1366x768, the Log tab in front): a session is started and filled to the
size through the logbook (notes, observations, vitals every fifth entry,
some corrections), then notes are typed into the note field and saved with
Enter. One save is timed from the key press until the row is in the log and
painted (the key press, the save, the durable commit, the redraw, and the
events that follow). The baseline is a bare sqlite3 ``INSERT`` + ``COMMIT`` on
a one-table database on the same disk with the same settings (WAL,
``synchronous=FULL``), interleaved one by one with the window's saves.

A second baseline is the least a window can do for the same key press: a
bare PySide6 window of the same size with a QTreeWidget of the log's four
columns holding 200 rows (the rows pap-guide's log makes first) and a
QLineEdit; Enter does the bare INSERT + COMMIT into a database of its own,
puts the row at the top and is timed until it is painted, interleaved with
the others. Against it, the ratio is what pap-guide's own code costs.

    python bench/save_growth.py [--sizes 10,1000,10000] [--saves 200] [--dir PATH]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from common import ratio, summary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin, child


def fill(window: QWidget, size: int) -> None:
    """``size`` entries through the logbook, as a long session would hold them."""
    book = window.log_panel.book  # type: ignore[attr-defined]
    for i in range(size):
        if i % 5 == 4:
            book.vitals(
                {"heart_rate": str(70 + i % 20), "systolic": "120", "diastolic": "80"}, False, "Ana"
            )
        elif i % 7 == 3:
            book.observation("Calm", "Ana")
        elif i % 50 == 49:
            line = book.lines()[3]
            if line.original.kind == "note" and not line.struck:
                book.correct(line.current, {"text": "corrected"}, "typo", "Ana")
            else:
                book.note(f"note {i}", "Ana")
        else:
            book.note(f"note {i}: breathing slow, resting, eyeshades on", "Ana")


def bare_database(folder: Path, name: str = "bare") -> sqlite3.Connection:
    bare = sqlite3.connect(folder / f"{name}.db", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, utc TEXT, text TEXT)")
    return bare


def bare_commit(bare: sqlite3.Connection, text: str) -> float:
    start = time.perf_counter()
    bare.execute("BEGIN")
    bare.execute("INSERT INTO t (utc, text) VALUES (datetime('now'), ?)", (text,))
    bare.execute("COMMIT")
    return time.perf_counter() - start


class BareWindow(QWidget):
    """A QTreeWidget log and a QLineEdit: Enter commits the line and shows it on top."""

    def __init__(self, database: sqlite3.Connection) -> None:
        super().__init__()
        self.database = database
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Time", "Who", "Kind", "Entry"])
        self.tree.setUniformRowHeights(True)
        text = "breathing slow, resting, eyeshades on"
        for i in range(200):
            self.tree.addTopLevelItem(QTreeWidgetItem(["2:00:00", "Ana", "Note", f"{i}: {text}"]))
        self.edit = QLineEdit()
        self.edit.returnPressed.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(self.edit)
        self.resize(1366, 768)
        self.show()

    def save(self) -> None:
        text = self.edit.text()
        bare_commit(self.database, text)
        self.tree.insertTopLevelItem(0, QTreeWidgetItem(["2:00:01", "Ana", "Note", text]))
        self.edit.clear()

    def timed_save(self, i: int) -> float:
        self.edit.setText(f"typed note {i}: resting")
        QApplication.processEvents()
        start = time.perf_counter()
        QTest.keyClick(self.edit, Qt.Key.Key_Return)
        QApplication.processEvents()  # the row painted
        return time.perf_counter() - start


def window_save(window: QWidget, i: int) -> float:
    note = child(window, "noteEdit")
    tree = child(window, "logView")
    text = f"typed note {i}: resting"
    note.setText(text)  # type: ignore[attr-defined]
    QApplication.processEvents()
    start = time.perf_counter()
    QTest.keyClick(note, Qt.Key.Key_Return)
    QApplication.processEvents()  # the row painted
    took = time.perf_counter() - start
    top = tree.topLevelItem(0) if hasattr(tree, "topLevelItem") else None  # type: ignore[attr-defined]
    shown = top.text(3) if top is not None else tree.model().index(0, 3).data()  # type: ignore[attr-defined]
    if text not in shown:
        raise SystemExit(f"the saved note is not the log's first row: {shown!r}")
    return took


def one_size(
    size: int, saves: int, base: Path | None
) -> tuple[list[float], list[float], list[float]]:
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        window = create_window(["--data-dir", str(folder / "data"), "--audio-output", "null"])
        window.asker = AutoAsker()  # type: ignore[attr-defined]
        window.resize(1366, 768)
        window.show()
        begin(window)
        fill(window, size)
        window.refresh()  # type: ignore[attr-defined]
        QApplication.processEvents()
        bare = bare_database(folder)
        least = BareWindow(bare_database(folder, "window"))
        ours, theirs, bare_window = [], [], []
        for i in range(saves):
            ours.append(window_save(window, i))
            theirs.append(bare_commit(bare, f"typed note {i}: resting"))
            bare_window.append(least.timed_save(i))
        bare.close()
        least.database.close()
        least.close()
        window.ticker.stop()  # type: ignore[attr-defined]
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return ours, theirs, bare_window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="folder on the disk to test (default: temp)")
    args = parser.parse_args()
    app = QApplication([])
    medians = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        ours, theirs, least = one_size(size, args.saves, args.dir)
        medians[size] = statistics.median(ours)
        print(f"{size:>6} entries: window save {summary(ours)}")
        print(f"{'':>6}          bare commit {summary(theirs)}")
        print(f"{'':>6}          bare window save {summary(least)}")
        print(
            f"{'':>6}          ratio of medians {ratio(ours, theirs):.2f}x the bare commit, "
            f"{ratio(ours, least):.2f}x the bare window (which is {ratio(least, theirs):.2f}x "
            "the bare commit)"
        )
    first = min(medians)
    for size, median in medians.items():
        print(f"median at {size} / median at {first}: {median / medians[first]:.2f}x")
    app.quit()


if __name__ == "__main__":
    main()
