"""The correction form of an entry corrected before is headed as its row in the log:
when and by whom it was logged. It gave the last correction's time and author, a
time the log shows nowhere."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from pap_guide.ui.entry_dialogs import AmendDialog
from tests.helpers.ui import child, started


def test_a_corrected_entry_is_headed_with_when_it_was_logged(make_window, fake_clock):
    window = started(make_window)
    log = window.log_panel.log
    fake_clock.advance(13 * 60 + 5)
    child(window, "noteEdit").setText("eyes closed")
    child(window, "addNoteButton").click()
    first = log.lines[0].original
    fake_clock.advance(11 * 60)  # corrected eleven minutes later, by Mara
    window.log_panel.set_people(["Ana", "Mara"], logging="Mara")
    log.select_row(0)
    window.asker.amend_answer = ({"text": "eyes closed, calm"}, "word left out")
    child(window, "correctEntryButton").click()
    line = log.lines[0]
    assert line.current.author == "Mara" and line.current.id != first.id
    log.select_row(0)
    window.asker.amend_answer = None  # opened again, then cancelled
    child(window, "correctEntryButton").click()
    assert window.asker.amend_first == first  # the form is given the first version

    dialog = AmendDialog(line.current, False, None, window, first=line.original)
    heading = " ".join(label.text() for label in dialog.findChildren(QLabel))
    row = log.tree.topLevelItem(0)
    assert f"{row.text(0)} · {row.text(1)}: eyes closed, calm" in heading
    assert row.text(0) == "T+0:13:05" and row.text(1) == "Ana"
    dialog.deleteLater()
