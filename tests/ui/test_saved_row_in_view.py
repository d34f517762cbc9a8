"""A note saved while the monitor has the log scrolled down is shown, not put above the view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.ui import child, shown, started, type_note
from tests.ui.test_log_batches import notes, scroll_to_end


def scroll_halfway(tree, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(1)
    assert bar.value() > 0


def in_view(tree, item) -> bool:  # type: ignore[no-untyped-def]
    rect = tree.visualItemRect(item)
    return rect.isValid() and tree.viewport().rect().intersects(rect)


def test_a_note_typed_while_the_log_is_scrolled_down_comes_into_view(make_window, qtbot):
    window = shown(started(make_window), qtbot)
    notes(window, 80)
    tree = child(window, "logView")
    scroll_to_end(tree, qtbot)
    assert tree.verticalScrollBar().value() > 0
    type_note(window, "pupils wide, smiling")
    newest = tree.topLevelItem(0)
    assert newest.text(3) == "pupils wide, smiling"
    assert in_view(tree, newest), "the saved note is above the scrolled view"


def test_rows_the_monitor_reads_stay_put_when_an_entry_comes_from_elsewhere(make_window, qtbot):
    """An entry the monitor did not just type (here added through the log book, as a
    check or a restart adds one) does not move the rows being read."""
    window = shown(started(make_window), qtbot)
    notes(window, 80)
    tree = child(window, "logView")
    scroll_halfway(tree, qtbot)
    reading = tree.itemAt(5, 5)
    before = tree.visualItemRect(reading).top()
    window.log_panel.book.note("from elsewhere", "Ana")
    window.refresh()
    assert tree.itemAt(5, 5) is reading
    assert tree.visualItemRect(reading).top() == before


def test_a_changed_entry_opened_at_the_top_stays_put_too(make_window, qtbot):
    """The row at the top is a struck-out entry's own history row (a child row)."""
    window = shown(started(make_window), qtbot)
    notes(window, 60)
    tree = child(window, "logView")
    book = window.log_panel.book
    target = book.lines()[30].original
    book.strike(target, "wrong patient", "Ana")
    window.refresh()
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == target.id
    )
    item.setExpanded(True)
    qtbot.wait(1)
    tree.scrollToItem(item.child(item.childCount() - 1), tree.ScrollHint.PositionAtTop)
    qtbot.wait(1)
    reading = tree.itemAt(5, 5)
    assert reading.parent() is item
    before = tree.visualItemRect(reading).top()
    book.note("from elsewhere", "Ana")
    window.refresh()
    assert tree.visualItemRect(reading).top() == before


def test_a_burst_too_big_to_place_one_by_one_shows_the_newest(make_window, qtbot):
    """More new lines than a batch (entries kept through a full disk, saved at once):
    the log is drawn again from the newest, not left on a stray row."""
    from pap_guide.ui.log_view import BATCH

    window = shown(started(make_window), qtbot)
    notes(window, 80)
    tree = child(window, "logView")
    scroll_halfway(tree, qtbot)
    book = window.log_panel.book
    for i in range(BATCH + 1):
        book.note(f"burst {i}", "Ana")
    window.refresh()
    qtbot.wait(1)
    assert tree.itemAt(5, 5).text(3) == f"burst {BATCH}"
