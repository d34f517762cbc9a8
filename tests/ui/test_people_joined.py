"""Someone who comes into the room mid-session is in the record, with the moment.

The People… list only gave the log its authors: a co-guide added there an
hour after the dose wrote entries under a name the record's people never
held, could not be stepped out, and the report listed only the set-up's
people.
"""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pap_guide.export.report_html import report_html
from tests.helpers.ui import begin, child, shown


def _joined(data_dir) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        rows = db.execute(
            "select data, session_seconds from events where kind = 'person_joined' order by id"
        ).fetchall()
    return [(json.loads(d)["name"], json.loads(d)["role"], s) for d, s in rows]


def _edit_people(window, typed: str) -> None:  # type: ignore[no-untyped-def]
    button, field = child(window, "editPeopleButton"), child(window, "peopleEdit")
    if button.isChecked():  # the list is still open: click into it, go to its end
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        QTest.keyClick(field, Qt.Key.Key_End)
    else:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is field
    QTest.keyClicks(field, typed)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_a_name_added_mid_session_joins_the_record(make_window, qtbot, data_dir, fake_clock):
    window = shown(make_window(), qtbot)
    _edit_people(window, ", Early")  # no session yet: only the log's list
    assert _joined(data_dir) == []
    begin(window)
    assert [r for r in _joined(data_dir) if r[1] == "joined"] == []  # the set-up's own
    fake_clock.advance(3600)
    _edit_people(window, ", Lee")
    joined = [row for row in _joined(data_dir) if row[1] == "joined"]
    assert [(n, r) for n, r, _ in joined] == [("Lee", "joined")]
    assert joined[0][2] >= 3600  # stamped when Lee came in, on the session clock
    assert "Lee joined the people in the room" in window.statusBar().currentMessage()
    assert "Lee (joined)" in child(window, "sessionRecordLabel").toolTip()

    _edit_people(window, "")  # Enter again on the same list: nothing new to record
    assert [r for r in _joined(data_dir) if r[1] == "joined"] == joined
    window.desk.step_out("Lee", window.log_panel.shown_people()[0])  # in the room: can step out

    report = window.report(window.desk.session.id)
    assert report.facts.people["Lee"] == "joined"
    html = report_html(report, chart=False)
    assert "Lee (joined)" in html and "Lee joined the people in the room." in html

    session = window.desk.session.id
    window.ticker.stop()
    window.close()
    again = make_window()  # a restart reads it back from the events
    assert again.desk.session.id == session
    assert again.desk.facts().people["Lee"] == "joined"
    assert list(again.desk.facts().out) == ["Lee"]


def test_the_list_as_edited_stays_through_doses_and_phase_moves(make_window, qtbot, fake_clock):
    """A dose or a phase move put the set-up's people back in the list: a name
    added vanished from who could log, and a name taken off came back."""
    window = shown(make_window(), qtbot)
    begin(window)
    first, *rest = window.log_panel.shown_people()
    assert rest, "the set-up has more than one person"
    field = child(window, "peopleEdit")
    field.setText(", ".join([*rest, "Lee"]))  # the first one left; Lee came in
    QTest.keyClick(field, Qt.Key.Key_Return)
    wanted = [*rest, "Lee"]
    assert window.log_panel.shown_people() == wanted
    fake_clock.advance(600)
    child(window, "nextPhaseButton").click()
    child(window, "extendPhaseButton").click()
    assert window.log_panel.shown_people() == wanted
    assert field.text() == ", ".join(wanted)
    assert first in window.desk.facts().people  # the record still says they were there


def test_the_same_person_written_otherwise_is_not_a_new_one(make_window, qtbot, data_dir):
    window = begin(shown(make_window(), qtbot))
    first = window.log_panel.shown_people()[0]  # "Mara", from the set-up
    _edit_people(window, f", {first.lower()},  {first.upper()} , , ,,  Zed   Zebra  ")
    assert [r[0] for r in _joined(data_dir) if r[1] == "joined"] == ["Zed Zebra"]
    assert window.log_panel.shown_people()[-1] == "Zed Zebra"
    assert [p.casefold() for p in window.log_panel.shown_people()].count(first.casefold()) == 1
    _edit_people(window, "")  # the list again, with the first name typed otherwise
    field = child(window, "peopleEdit")
    field.setText(", ".join([first.lower(), *window.log_panel.shown_people()[1:]]))
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.log_panel.shown_people()[0] == first  # as the record writes it
    assert child(window, "peopleEdit").text() == ", ".join(window.log_panel.shown_people())


def test_a_half_typed_name_left_behind_is_not_recorded(make_window, qtbot, data_dir):
    window = begin(shown(make_window(), qtbot))
    before = window.log_panel.shown_people()
    QTest.mouseClick(child(window, "editPeopleButton"), Qt.MouseButton.LeftButton)
    field = child(window, "peopleEdit")
    QTest.keyClicks(field, ", Jo")
    note_at = child(window, "noteEdit").mapTo(window, QPoint(0, 0)).y()
    QTest.mouseClick(child(window, "noteEdit"), Qt.MouseButton.LeftButton)  # off elsewhere
    QApplication.processEvents()
    assert child(window, "noteEdit").mapTo(window, QPoint(0, 0)).y() == note_at  # still
    assert QApplication.focusWidget() is child(window, "noteEdit")
    assert [r for r in _joined(data_dir) if r[1] == "joined"] == []
    assert window.log_panel.shown_people() == before
    assert field.text().endswith(", Jo")  # nothing typed is lost
    assert child(window, "peopleHint").isVisible()
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    QTest.keyClick(field, Qt.Key.Key_End)
    QTest.keyClicks(field, "nas")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert [r[0] for r in _joined(data_dir) if r[1] == "joined"] == ["Jonas"]
    assert not child(window, "peopleHint").isVisible()


def test_closing_people_over_an_unkept_name_says_so_on_the_button(make_window, qtbot, data_dir):
    """The 'not kept' hint sits in the row People… closes: with the row gone the
    button says it, until the name is kept."""
    window = begin(shown(make_window(), qtbot))
    button = child(window, "editPeopleButton")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    field = child(window, "peopleEdit")
    QTest.keyClicks(field, ", Jo")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # closed, not kept
    assert not field.isVisible()
    assert button.text() == "People… (not kept)"
    assert "not kept" in button.toolTip()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # open again: the name is there
    assert field.text().endswith(", Jo")
    assert button.text() == "People…"
    assert child(window, "peopleHint").isVisible()
    QTest.keyClick(field, Qt.Key.Key_Return)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # kept, then closed
    assert button.text() == "People…"
    assert [r[0] for r in _joined(data_dir) if r[1] == "joined"] == ["Jo"]


def test_closing_people_unchanged_leaves_the_button_plain(make_window, qtbot):
    window = begin(shown(make_window(), qtbot))
    button = child(window, "editPeopleButton")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == "People…"


def test_a_restart_keeps_the_list_and_the_next_set_up_offers_the_set_up_people(
    make_window, qtbot, data_dir
):
    window = begin(shown(make_window(), qtbot))
    setup = window.log_panel.shown_people()
    _edit_people(window, ", Lee")
    field = child(window, "peopleEdit")
    field.setText(", ".join([*setup[1:], "Lee"]))  # the first one left
    QTest.keyClick(field, Qt.Key.Key_Return)
    kept = window.log_panel.shown_people()
    assert kept == [*setup[1:], "Lee"]
    window.ticker.stop()
    window.close()
    again = shown(make_window(), qtbot)  # a restart of the open session
    assert again.log_panel.shown_people() == kept  # taken off stays off
    assert set(again.desk.facts().people) == {*setup, "Lee"}  # the record keeps everyone
    again.asker.outcome = "completed"
    child(again, "endSessionButton").click()
    assert not again.desk.is_open()
    again.asker.setup_request = None  # the set-up offered, then cancelled
    child(again, "startSessionButton").click()
    offered, roles = again.asker.setup_offered
    assert offered == setup and "Lee" not in roles  # joined later: no role to offer
    again.ticker.stop()
    again.close()
    later = shown(make_window(), qtbot)  # a start after the session ended: none loaded
    assert later.desk.session is None
    later.asker.setup_request = None
    child(later, "startSessionButton").click()
    assert later.asker.setup_offered == (setup, roles)  # not every name on the list


def test_a_list_emptied_before_a_session_stays_empty_after_a_restart(make_window, qtbot):
    window = shown(make_window(), qtbot)  # no session: the log's list only
    field = child(window, "peopleEdit")
    field.setText("")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.log_panel.shown_people() == ["Monitor"]  # the stand-in
    window.ticker.stop()
    window.close()
    again = shown(make_window(), qtbot)
    assert again.log_panel.shown_people() == ["Monitor"]
    assert child(again, "peopleEdit").text() == ""
