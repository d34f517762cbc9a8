"""Scenario 5: corrections and strike-outs through the log; the originals never change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.ui import begin, child
from tests.scenarios.conftest import export, go, log_as, open_window, rows, type_note, type_vitals


def select(window, entry_id: int) -> None:  # type: ignore[no-untyped-def]
    """Click the log row of the entry ``entry_id`` (the log shows newest first)."""
    ids = [line.original.id for line in window.log_panel.log.lines]
    window.log_panel.log.select_row(ids.index(entry_id))
    assert window.log_panel.log.selected().original.id == entry_id


def test_corrections_and_strike_outs(make_window, fake_clock, data_dir, qtbot, out_dir):
    window = open_window(make_window)
    begin(window)
    log_as(window, "Ana")
    go(window, fake_clock, 10)
    type_note(qtbot, window, "Patient asked for the blanket")
    go(window, fake_clock, 10)
    type_vitals(qtbot, window, systolic="142", diastolic="88", heart_rate="76")
    go(window, fake_clock, 10)
    rating = child(window, "ratingEdit")
    rating.setFocus()
    qtbot.keyClicks(rating, "3")
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    originals = rows(data_dir, "entries")
    assert [e["kind"] for e in originals] == ["note", "vitals", "rating"]
    note_id, vitals_id, rating_id = (e["id"] for e in originals)
    message = child(window, "logMessage")

    # the newest row is the rating: row 0
    window.log_panel.log.select_row(0)
    assert window.log_panel.log.selected().original.id == rating_id

    go(window, fake_clock, 5)  # T+0:35: Mara reviews the log
    log_as(window, "Mara")
    select(window, vitals_id)
    vitals = {"systolic": "1200", "diastolic": "88", "heart_rate": "76"}
    window.asker.amend_answer = (vitals, "typed an extra zero")
    child(window, "correctEntryButton").click()
    assert message.text().startswith("Not saved")
    assert len(rows(data_dir, "entries")) == 3  # an impossible value: nothing saved
    window.asker.amend_answer = ({**vitals, "systolic": "124"}, "   ")
    child(window, "correctEntryButton").click()
    assert message.text().startswith("Not saved") and "why" in message.text().lower()
    assert len(rows(data_dir, "entries")) == 3  # no reason: nothing saved
    window.asker.amend_answer = ({**vitals, "systolic": "124"}, "misread the cuff display")
    child(window, "correctEntryButton").click()
    assert message.text() == "Amendment saved; the original is kept in the history."

    select(window, rating_id)
    window.asker.amend_answer = ({"value": "11"}, "wrong scale")
    child(window, "correctEntryButton").click()
    assert message.text().startswith("Not saved")
    window.asker.amend_answer = ({"value": "4"}, "patient said four, not three")
    child(window, "correctEntryButton").click()
    assert message.text().startswith("Amendment saved")

    select(window, note_id)
    window.asker.amend_answer = ({}, "")
    child(window, "strikeEntryButton").click()
    assert message.text().startswith("Not saved")
    assert len(rows(data_dir, "entries")) == 5
    window.asker.amend_answer = ({}, "written in the wrong session")
    child(window, "strikeEntryButton").click()
    assert message.text().startswith("Amendment saved")

    # what the log shows: struck out, corrected, originals as child rows
    tree = window.log_panel.log.tree
    shown = [tree.topLevelItem(i).text(3) for i in range(tree.topLevelItemCount())]
    assert len(shown) == 3
    assert any(t.startswith("[struck out: written in the wrong session]") for t in shown)
    assert sum(t.endswith("(corrected)") for t in shown) == 2

    # -- the clinic's file: the originals unchanged, amendments beside them
    entries = rows(data_dir, "entries")
    assert entries[:3] == originals
    amendments = entries[3:]
    assert [(a["kind"], a["amends"], a["struck"]) for a in amendments] == [
        ("vitals", vitals_id, 0),
        ("rating", rating_id, 0),
        ("note", note_id, 1),
    ]
    assert amendments[0]["data"]["values"] == {"systolic": 124, "diastolic": 88, "heart_rate": 76}
    assert amendments[0]["reason"] == "misread the cuff display"
    assert amendments[1]["data"]["value"] == 4
    assert amendments[2]["data"]["text"] == "Patient asked for the blanket"
    assert all(a["author"] == "Mara" and a["session_seconds"] == 35 * 60.0 for a in amendments)
    assert all(a["phase"] == "Introspection" for a in amendments)
    assert [e["session_seconds"] for e in originals] == [600.0, 1200.0, 1800.0]
    assert all(e["author"] == "Ana" and not e["struck"] and e["amends"] is None for e in originals)
    assert originals[1]["data"]["values"]["systolic"] == 142

    # -- the exports: every row, with what it amends and why
    exported = export(window, out_dir)
    by_id = {r["entry_id"]: r for r in exported.csv_rows if r["entry_id"]}
    assert len(by_id) == 6
    fixed = by_id[str(amendments[0]["id"])]
    assert fixed["amends"] == str(vitals_id) and fixed["systolic"] == "124"
    assert fixed["amend_reason"] == "misread the cuff display"
    assert by_id[str(vitals_id)]["systolic"] == "142"
    struck = by_id[str(amendments[2]["id"])]
    assert struck["struck"] == "yes" and struck["amends"] == str(note_id)
    systolic = [
        o
        for o in exported.resources("Observation")
        if "124" in str(o.get("component", o.get("valueQuantity", "")))
    ]
    assert systolic, "the corrected reading is in the FHIR bundle"
    assert {o["status"] for o in systolic} == {"amended"}


def test_a_refused_entry_leaves_no_earlier_amendment_message(
    make_window, fake_clock, data_dir, qtbot
):
    """The line under the log spoke of the amendment while a new reading had just
    been refused beside the form: read together, the refused one seemed saved."""
    window = open_window(make_window)
    begin(window)
    log_as(window, "Ana")
    go(window, fake_clock, 10)
    type_note(qtbot, window, "Patient asked for the blanket")
    note_id = rows(data_dir, "entries")[0]["id"]
    select(window, note_id)
    corrected = {"text": "Patient asked for the weighted blanket"}
    window.asker.amend_answer = (corrected, "word left out")
    child(window, "correctEntryButton").click()
    message = child(window, "logMessage")
    assert message.text().startswith("Amendment saved")

    type_vitals(qtbot, window, systolic="1400", diastolic="88", heart_rate="76")
    assert not child(window, "vitalsError").isHidden()  # refused, said beside the form
    assert message.text() == ""
    assert child(window, "systolicEdit").text() == "1400"  # kept as typed
    assert [e["kind"] for e in rows(data_dir, "entries")] == ["note", "note"]
