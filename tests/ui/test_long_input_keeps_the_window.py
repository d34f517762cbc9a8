"""A long typed value is refused without making the window wider than the laptop.

Found in a walkthrough: 150 digits typed into Systolic (or the rating) and
Enter made the window 1,950 px wide and it stayed so; the monitor's side went
off the screen. The refusal quoted the whole number on one line, which
cannot wrap. Typed with key presses into the real window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.ui import begin, child

LAPTOP_WIDTH = 1366


@pytest.mark.parametrize(
    ("field", "error"), [("systolicEdit", "vitalsError"), ("ratingEdit", "ratingError")]
)
def test_150_digits_are_refused_in_a_message_that_fits(make_window, qtbot, field, error):
    window = begin(make_window())
    window.resize(LAPTOP_WIDTH, 728)
    window.show()
    qtbot.waitExposed(window)
    edit = child(window, field)
    edit.setFocus()
    QTest.keyClicks(edit, "1" * 150)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    message = child(window, error)
    assert message.isVisible() and "…" in message.text()
    assert edit.text() == "1" * 150  # what was typed stays, to be fixed
    assert window.minimumSizeHint().width() <= LAPTOP_WIDTH
    assert window.width() <= LAPTOP_WIDTH


def test_a_100_kb_paste_into_the_note_is_kept_whole_and_refused_with_its_length(make_window, qtbot):
    from PySide6.QtGui import QGuiApplication

    window = begin(make_window())
    window.resize(LAPTOP_WIDTH, 728)
    window.show()
    qtbot.waitExposed(window)
    pasted = "patient describes the room at length " * 2703  # 100,011 characters
    QGuiApplication.clipboard().setText(pasted)
    edit = child(window, "noteEdit")
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == pasted  # Qt's default 32,767-character cut dropped the rest
    assert f"Too long: {len(pasted.strip())} characters" in child(window, "noteError").text()
    assert not [line for line in window.log_panel.book.lines() if line.original.kind == "note"]
