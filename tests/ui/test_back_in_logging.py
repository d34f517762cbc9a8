"""The monitor steps out while logging, the cover logs; back in, the screen says who
logs now. It said nothing, and the rest of the session went into the record under
the cover's name. The log is handed back by a click (never under someone typing)."""

from __future__ import annotations

from tests.helpers.ui import child, started


def test_back_in_says_who_still_logs_and_a_click_hands_it_back(make_window):
    window = started(make_window)
    panel = window.log_panel
    assert panel.author() == "Ana"  # the monitor logs
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    assert panel.author() == "Jon"
    child(window, "stepBackButton").click()
    window.refresh()
    assert panel.author() == "Jon"
    assert child(window, "logMessage").text() == (
        "Ana is back in the room; still logging as Jon: press Ana to log as Ana."
    )
    ana = next(b for b in panel.author_group.buttons() if b.property("person") == "Ana")
    ana.click()
    child(window, "noteEdit").setText("resting")
    child(window, "addNoteButton").click()
    assert panel.book.lines()[0].original.author == "Ana"


def test_back_in_says_nothing_of_a_choice_made_meanwhile(make_window):
    window = started(make_window)
    panel = window.log_panel
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    mara = next(b for b in panel.author_group.buttons() if b.property("person") == "Mara")
    mara.click()  # the cover hands the log to Mara
    child(window, "stepBackButton").click()
    window.refresh()
    assert panel.author() == "Mara" and "still logging" not in child(window, "logMessage").text()
