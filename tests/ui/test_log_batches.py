"""A long session's log: the newest rows at once, older ones as the monitor scrolls."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pap_guide.ui.log_view import BATCH
from tests.helpers.ui import child, started


def notes(window, count: int) -> None:  # type: ignore[no-untyped-def]
    book = window.log_panel.book
    for i in range(count):
        book.note(f"note {i}", "Ana")
    window.refresh()


def texts(tree) -> list[str]:  # type: ignore[no-untyped-def]
    return [tree.topLevelItem(i).text(3) for i in range(tree.topLevelItemCount())]


def scroll_to_end(tree, qtbot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        bar = tree.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.wait(1)


def test_older_rows_are_made_as_the_log_is_scrolled_to_them(make_window, qtbot):
    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    notes(window, 2 * BATCH + 50)
    tree = child(window, "logView")
    assert tree.topLevelItemCount() == BATCH
    assert texts(tree)[0] == f"note {2 * BATCH + 49}"
    scroll_to_end(tree, qtbot)
    assert texts(tree) == [f"note {i}" for i in reversed(range(2 * BATCH + 50))]


def test_an_amended_row_not_yet_made_is_made_amended_and_new_rows_go_on_top(make_window, qtbot):
    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    notes(window, BATCH + 30)
    tree = child(window, "logView")
    book = window.log_panel.book
    oldest = book.lines()[-1]
    book.correct(oldest.current, {"text": "first note, corrected"}, "typo", "Jo")
    book.note("the newest", "Ana")
    window.refresh()
    assert tree.topLevelItemCount() == BATCH + 1
    assert texts(tree)[0] == "the newest"
    scroll_to_end(tree, qtbot)
    assert texts(tree)[-1] == "first note, corrected  (corrected)"
    assert tree.topLevelItemCount() == BATCH + 31


def test_a_filter_shows_a_batch_of_its_own_rows(make_window, qtbot):
    window = started(make_window)
    book = window.log_panel.book
    for i in range(BATCH + 20):
        book.note(f"note {i}", "Ana")
        if i % 2:
            book.observation("Calm", "Ana")
    window.refresh()
    log_filter = child(window, "logFilter")
    log_filter.setCurrentIndex(log_filter.findText("Observations"))
    tree = child(window, "logView")
    assert tree.topLevelItemCount() == (BATCH + 20) // 2
    assert {tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())} == {
        "Observation"
    }
    qtbot.keyClick(tree, Qt.Key.Key_End)


def test_rows_struck_out_under_a_filter_bring_up_the_older_ones(make_window, qtbot):
    window = started(make_window)
    book = window.log_panel.book
    high = {"systolic": "190", "diastolic": "95", "heart_rate": "70"}  # over the limit
    for _ in range(BATCH + 60):
        book.vitals(high, False, "Ana")
    window.refresh()
    log_filter = child(window, "logFilter")
    log_filter.setCurrentIndex(log_filter.findText("Flagged"))
    tree = child(window, "logView")
    assert tree.topLevelItemCount() == BATCH
    for line in list(book.lines()[: BATCH - 5]):
        book.strike(line.current, "wrong patient", "Jo")
    window.refresh()
    assert tree.topLevelItemCount() == 65  # every flagged reading not struck out, in view
