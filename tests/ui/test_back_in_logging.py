"""The monitor steps out while logging, the cover logs; back in, the log is the
monitor's again. It stayed the cover's, with nothing on screen to say so, and the
rest of the session went into the record under the cover's name."""

from __future__ import annotations

from tests.helpers.ui import child, started


def test_back_in_hands_the_log_back_to_who_stepped_out(make_window):
    window = started(make_window)
    panel = window.log_panel
    assert panel.author() == "Ana"  # the monitor logs
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    assert panel.author() == "Jon"
    child(window, "stepBackButton").click()
    window.refresh()
    assert panel.author() == "Ana"
    assert "Ana is back in the room: logging as Ana again." in child(window, "logMessage").text()
    child(window, "noteEdit").setText("resting")
    child(window, "addNoteButton").click()
    assert panel.book.lines()[0].original.author == "Ana"


def test_back_in_leaves_a_choice_made_meanwhile(make_window):
    window = started(make_window)
    panel = window.log_panel
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    mara = next(b for b in panel.author_group.buttons() if b.property("person") == "Mara")
    mara.click()  # the monitor's cover hands the log to Mara
    child(window, "stepBackButton").click()
    window.refresh()
    assert panel.author() == "Mara"
