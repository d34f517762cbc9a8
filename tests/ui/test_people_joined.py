"""Someone who comes into the room mid-session is in the record, with the moment.

The People… list only gave the log its authors: a co-guide added there an
hour after the dose wrote entries under a name the record's people never
held, could not be stepped out, and the report listed only the set-up's
people.
"""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pap_guide.export.report_html import report_html
from tests.helpers.ui import begin, child


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
    window = make_window()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
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
    window = make_window()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    begin(window)
    first, *rest = window.log_panel.shown_people()
    assert rest, "the set-up has more than one person"
    field = child(window, "peopleEdit")
    field.setText(", ".join([*rest, "Lee"]))  # the first one left; Lee came in
    field.editingFinished.emit()
    wanted = [*rest, "Lee"]
    assert window.log_panel.shown_people() == wanted
    fake_clock.advance(600)
    child(window, "nextPhaseButton").click()
    child(window, "extendPhaseButton").click()
    assert window.log_panel.shown_people() == wanted
    assert field.text() == ", ".join(wanted)
    assert first in window.desk.facts().people  # the record still says they were there
