"""Someone taken off the People… list mid-session has left the room, and the record
says so: the screen changed but the record kept its set-up people to the end, and
the MDMA protocol's two facilitators were not asked about."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from pap_guide.config.locations import Locations
from pap_guide.core.controller import SessionError
from pap_guide.core.protocol import load_catalog
from pap_guide.core.session import EventKind
from pap_guide.export.csv_export import to_csv
from pap_guide.export.report_html import report_html
from pap_guide.store.database import open_records
from pap_guide.store.records import RecordLoader
from tests.helpers.ui import child, started


def edit_people(window, qtbot, text):  # type: ignore[no-untyped-def]
    child(window, "editPeopleButton").click()
    field = child(window, "peopleEdit")
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def report_of(window, data_dir):  # type: ignore[no-untyped-def]
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    loader = RecordLoader(open_records(locations.database), catalog.protocols)
    return loader.report(window.desk.session.id)


def test_a_co_guide_taken_off_the_list_leaves_with_a_reason(make_window, qtbot, data_dir):
    window = started(make_window, "--protocol", "mdma")  # two facilitators asked for
    assert set(window.log_panel.shown_people()) == {"Mara", "Jon", "Ana"}
    window.asker.reason_text = "Jon called to another room; Mara stays with Ana"
    edit_people(window, qtbot, "Mara, Ana")
    assert "two facilitators" in window.asker.questions[-1]
    facts = window.desk.facts()
    assert set(facts.left) == {"Jon"} and "went on without" in facts.overrides[-1][0]
    assert "Recorded: Jon left the room." in window.statusBar().currentMessage()
    report = report_of(window, data_dir)
    rows = list(csv.DictReader(io.StringIO(to_csv(report).decode("utf-8-sig"), newline="")))
    assert "Jon left the room." in [row["text"] for row in rows]
    assert "Jon (co-guide, left at " in report_html(report, chart=False)
    edit_people(window, qtbot, "Mara, Ana, Jon")  # back later
    assert window.desk.facts().left == {}
    kinds = [e.kind for e in window.desk.controller.events]
    assert kinds.count(EventKind.LEFT) == 1


def test_with_no_reason_nobody_leaves_and_the_list_keeps_them(make_window, qtbot):
    window = started(make_window, "--protocol", "mdma")
    window.asker.reason_text = None  # the monitor cancels the question
    edit_people(window, qtbot, "Mara, Ana")
    assert window.desk.facts().left == {}
    assert set(window.log_panel.shown_people()) == {"Mara", "Ana", "Jon"}
    assert "Not recorded" in window.statusBar().currentMessage()


def test_an_emptied_list_is_not_kept_and_records_nobody_leaving(make_window, qtbot):
    """Kept, it logged entries as "Monitor", no one in the room, and everyone left
    only when names were typed again, at that later time."""
    window = started(make_window)
    edit_people(window, qtbot, "")
    assert window.desk.facts().left == {}
    assert set(window.log_panel.shown_people()) == {"Mara", "Jon", "Ana"}
    hint = child(window, "peopleHint")
    assert not hint.isHidden() and hint.text() == "Not kept: keep at least one name."
    edit_people(window, qtbot, "Mara, Ana")  # a list with names: kept
    assert set(window.desk.facts().left) == {"Jon"} and hint.isHidden()


def test_step_out_offers_only_those_in_the_room(make_window, qtbot):
    window = started(make_window)
    edit_people(window, qtbot, "Mara, Ana")  # Jon left
    offered = []
    window.asker.step_out = lambda people: offered.append(people)  # type: ignore[method-assign]
    child(window, "stepOutButton").click()
    assert offered == [["Mara", "Ana"]]
    with pytest.raises(SessionError, match="Jon is not listed in the room"):
        window.desk.step_out("Jon", "Mara")
    with pytest.raises(SessionError, match="Jon has left the session"):
        window.desk.step_out("Mara", "Jon")


def test_the_one_logging_taken_off_the_list_is_said_under_the_log(make_window, qtbot):
    """A slip in the field took the one logging off it: every entry after went in under
    the next name, and only the status line said someone had left."""
    window = started(make_window)
    window.log_panel.set_people(["Mara", "Jon", "Ana"], logging="Ana")
    assert window.log_panel.author() == "Ana"
    window.asker.reason_text = "Ana went home; Mara logs"
    edit_people(window, qtbot, "Mara, mara, , Jon")
    assert window.log_panel.author() == "Mara"
    said = child(window, "logMessage").text()
    assert said == "Ana is no longer on the list: logging as Mara."
    child(window, "noteEdit").setText("calm")
    child(window, "addNoteButton").click()
    assert window.log_panel.log.lines[0].current.author == "Mara"
