"""Someone out of the room logs nothing until back in: the monitor stepped out,
still selected, and the next note went into the record under their name."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers.ui import begin, child, shown


def _authors(data_dir) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        return db.execute("select author, kind from entries order by id").fetchall()


def _button(window, person: str):  # type: ignore[no-untyped-def]
    buttons = window.log_panel.author_group.buttons()
    return next(b for b in buttons if b.property("person") == person)


def _note(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    field = child(window, "noteEdit")
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_the_monitor_stepping_out_hands_the_log_to_who_covers(make_window, qtbot, data_dir):
    window = begin(shown(make_window(), qtbot))
    assert window.log_panel.author() == "Ana"  # the monitor logs
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    assert window.log_panel.author() == "Jon"
    assert not _button(window, "Ana").isEnabled()
    assert "covered by Jon" in _button(window, "Ana").toolTip()
    assert child(window, "logMessage").text() == "Ana is out of the room: logging as Jon."
    _note(window, qtbot, "patient resting")
    QTest.mouseClick(_button(window, "Ana"), Qt.MouseButton.LeftButton)  # off: no effect
    assert window.log_panel.author() == "Jon"
    child(window, "stepBackButton").click()  # Ana is back
    window.refresh()
    assert _button(window, "Ana").isEnabled()
    assert window.log_panel.author() == "Jon"  # handed back by a click, not by itself
    QTest.mouseClick(_button(window, "Ana"), Qt.MouseButton.LeftButton)
    _note(window, qtbot, "back, vitals next")
    notes = [author for author, kind in _authors(data_dir) if kind == "note"]
    assert notes == ["Jon", "Ana"]


def test_someone_else_stepping_out_leaves_the_log_as_it_was(make_window, qtbot):
    window = begin(shown(make_window(), qtbot))
    window.asker.step_out_answer = ("Mara", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    assert window.log_panel.author() == "Ana"
    assert not _button(window, "Mara").isEnabled()
    assert child(window, "logMessage").text() == ""


def test_after_a_restart_the_one_out_of_the_room_is_still_off(make_window, qtbot, data_dir):
    window = begin(shown(make_window(), qtbot))
    window.asker.step_out_answer = ("Ana", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    window.close()
    again = shown(make_window(), qtbot)
    again.refresh()
    assert not _button(again, "Ana").isEnabled()
    assert again.log_panel.author() == "Jon"


def test_a_long_handover_message_leaves_the_columns_as_they_were(make_window, qtbot):
    """The message did not wrap: with long names it widened the log's column and the
    guide's clock, timeline and buttons were squeezed."""
    from pap_guide.ui.asker import SetupRequest
    from tests.ui.test_layout_fit import PEOPLE

    window = make_window()
    window.asker.setup_request = SetupRequest("P-0142", "dosing", dict(PEOPLE))
    window = begin(shown(window, qtbot, height=728))
    left = window.session_panel.width()
    monitor, guide = "Anastasia Reyes-Villanueva", "Bartholomew Christopherson-Vandenberghe III"
    assert window.log_panel.author() == monitor
    window.asker.step_out_answer = (monitor, guide)
    child(window, "stepOutButton").click()
    window.refresh()
    for _ in range(3):
        QApplication.processEvents()
    assert "logging as Bartholomew" in child(window, "logMessage").text()
    assert abs(window.session_panel.width() - left) <= 2


def test_everyone_out_says_who_the_entries_go_under(make_window, qtbot):
    window = begin(shown(make_window(), qtbot))
    for name, cover in (("Ana", "Jon"), ("Jon", "Mara"), ("Mara", "Dr Who")):
        window.asker.step_out_answer = (name, cover)
        child(window, "stepOutButton").click()
        window.refresh()
    author = window.log_panel.author()
    assert author in ("Ana", "Jon", "Mara")  # someone, and the log says who
    message = child(window, "logMessage").text()
    assert message.startswith("Everyone on the list is out of the room: entries are logged as")
    assert author in message and "People…" in message


def test_the_first_step_out_of_a_session_moves_none_of_the_guides_controls(make_window, qtbot):
    """Reminders kept the most room they took, but the first one still moved the
    clock, the timeline and the session's buttons by its line."""
    window = begin(shown(make_window(), qtbot, height=728))
    names = ("sessionClock", "recordDoseButton", "nextPhaseButton", "extendPhaseButton")

    def places() -> list[object]:
        for _ in range(3):
            QApplication.processEvents()
        return [child(window, n).mapTo(window, child(window, n).rect().topLeft()) for n in names]

    before = places()
    window.asker.step_out_answer = ("Mara", "Jon")
    child(window, "stepOutButton").click()
    window.refresh()
    assert "Mara out of the room" in child(window, "remindersLabel").text()
    assert places() == before
