"""A save from the window costs the same at any session length.

Timed only against itself in the same test (the 1,000th entry's save against
the 10th's, with generous room), and counted: the statements a save sends to
SQLite and the rows it makes do not grow with the session.
"""

from __future__ import annotations

import statistics
import time

import pytest
from PySide6.QtCore import Qt

from tests.helpers.ui import child, shown, started


def save_notes(window, qtbot, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    note = child(window, "noteEdit")
    times = []
    for i in range(count):
        note.setText(f"typed note {i}")
        start = time.perf_counter()
        qtbot.keyClick(note, Qt.Key.Key_Return)
        times.append(time.perf_counter() - start)
    return times


def statements_of_a_save(window, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    conn = window.log_panel.book.recorder.store.db.conn
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        save_notes(window, qtbot, 1)
    finally:
        conn.set_trace_callback(None)
    return said


def fill(window, count: int) -> None:  # type: ignore[no-untyped-def]
    book = window.log_panel.book
    for i in range(count):
        if i % 5 == 4:
            book.vitals({"heart_rate": "72", "systolic": "120", "diastolic": "80"}, False, "Ana")
        else:
            book.note(f"note {i}", "Ana")


@pytest.mark.slow
def test_the_thousandth_save_costs_what_the_tenth_does(make_window, qtbot):
    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    fill(window, 10)
    window.refresh()
    tree = child(window, "logView")
    save_notes(window, qtbot, 5)  # warm: fonts, caches
    early = statistics.median(save_notes(window, qtbot, 25))
    early_statements = statements_of_a_save(window, qtbot)
    fill(window, 1000)
    window.refresh()
    late = statistics.median(save_notes(window, qtbot, 25))
    late_statements = statements_of_a_save(window, qtbot)
    assert tree.topLevelItem(0).text(3) == "typed note 0"
    assert len(late_statements) == len(early_statements)
    assert late < 3 * early, (late, early)


def test_a_save_makes_one_row_and_leaves_the_others_alone(make_window, qtbot):
    window = started(make_window)
    fill(window, 30)
    window.refresh()
    tree = child(window, "logView")
    before = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    save_notes(window, qtbot, 1)
    after = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert after[1:] == before  # the same row objects, none made again
    assert after[0].text(3) == "typed note 0"


def test_a_save_measures_the_new_row_not_every_row_made(make_window, qtbot):
    """With every row of a long log made (scrolled through), a save asks the rows'
    delegate for a few heights, not one per row: scrolled by pixel, Qt measured every
    row's height at each save (a save at 10,000 entries took 3.5 times as long)."""
    from tests.ui.test_log_batches import notes, scroll_to_end

    window = shown(started(make_window), qtbot)
    notes(window, 600)
    tree = child(window, "logView")
    for _ in range(4):
        scroll_to_end(tree, qtbot)
    assert tree.topLevelItemCount() == 600
    tree.scrollToTop()
    qtbot.wait(1)
    delegate = tree.itemDelegate()
    asked = [0]
    real = delegate.sizeHint

    def counted(*args):  # type: ignore[no-untyped-def]
        asked[0] += 1
        return real(*args)

    delegate.sizeHint = counted
    save_notes(window, qtbot, 1)
    qtbot.wait(1)
    # the rows in sight, a column each (about 100 here); by pixel it was 2,404: 600 x 4
    assert asked[0] < tree.topLevelItemCount(), asked[0]
