"""A note saved while the monitor has the log scrolled down is shown, not put above the view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.ui import child, started
from tests.ui.test_log_batches import notes, scroll_to_end


def in_view(tree, item) -> bool:  # type: ignore[no-untyped-def]
    rect = tree.visualItemRect(item)
    return rect.isValid() and tree.viewport().rect().intersects(rect)


def test_a_note_typed_while_the_log_is_scrolled_down_comes_into_view(make_window, qtbot):
    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    notes(window, 80)
    tree = child(window, "logView")
    scroll_to_end(tree, qtbot)
    assert tree.verticalScrollBar().value() > 0
    edit = child(window, "noteEdit")
    edit.setFocus()
    QTest.keyClicks(edit, "pupils wide, smiling")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    newest = tree.topLevelItem(0)
    assert newest.text(3) == "pupils wide, smiling"
    assert in_view(tree, newest), "the saved note is above the scrolled view"


def test_rows_the_monitor_reads_stay_put_when_an_entry_comes_from_elsewhere(make_window, qtbot):
    """An entry the monitor did not just type (here added through the log book, as a
    check or a restart adds one) does not move the rows being read."""
    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    notes(window, 80)
    tree = child(window, "logView")
    bar = tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(1)
    assert bar.value() > 0
    reading = tree.itemAt(5, 5)
    before = tree.visualItemRect(reading).top()
    window.log_panel.book.note("from elsewhere", "Ana")
    window.refresh()
    assert tree.itemAt(5, 5) is reading
    assert tree.visualItemRect(reading).top() == before
