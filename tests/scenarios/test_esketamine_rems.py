"""Scenario 3: an esketamine treatment session under the REMS."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pap_guide.ui.asker import DoseRequest, SetupRequest
from tests.helpers.ui import child
from tests.scenarios.conftest import events_of, export, go, log_as, open_window, rows, type_vitals

PEOPLE = {"Dr Lee": "guide", "Sam": "monitor"}


def test_esketamine_rems_session(make_window, fake_clock, data_dir, qtbot, out_dir):
    window = open_window(make_window, "--protocol", "esketamine-rems")
    window.asker.setup_request = SetupRequest("P-0311", "dosing", dict(PEOPLE))
    child(window, "startSessionButton").click()
    assert window.asker.questions == []  # a monitor is in the room
    label = child(window, "nextCheckLabel")
    assert label.text() == "Baseline vitals due before the dose"

    # blood pressure before the dose (T-0:10)
    log_as(window, "Sam")
    type_vitals(qtbot, window, systolic="132", diastolic="84", heart_rate="76", spo2="98")
    assert label.text() == "Vitals checks start at the dose"
    checklist = child(window, "checklistList")
    for row in range(checklist.count()):
        checklist.item(row).setCheckState(Qt.CheckState.Checked)
    assert len(window.desk.facts().checklist) == 5

    # the lot number is required: without it, no dose is recorded
    fake_clock.advance(10 * 60)
    log_as(window, "Dr Lee")
    window.asker.dose_request = DoseRequest(56.0, 0, "   ")
    child(window, "recordDoseButton").click()
    assert window.desk.facts().doses == []
    assert "lot number" in window.statusBar().currentMessage()
    assert child(window, "sessionClock").text() == "Pre-dose"
    window.asker.dose_request = DoseRequest(56.0, 0, "ESK-2291A")
    child(window, "recordDoseButton").click()
    window.refresh()
    assert child(window, "sessionClock").text() == "T+00:00:00"
    assert label.text() == "Vitals check due at T+0:40 (in 40 min)"
    assert "Minimum length 2 h 00 min" in child(window, "remindersLabel").text()

    # about +40 min: blood pressure up, flagged, repeat reminder
    go(window, fake_clock, 40)
    log_as(window, "Sam")
    type_vitals(qtbot, window, systolic="152", diastolic="92", heart_rate="88", spo2="97")
    assert label.text() == "Repeat check due at T+0:55 (in 15 min)"
    scale = child(window, "ratingScaleCombo")
    scale.setCurrentIndex(scale.findData("MOAA/S"))
    rating = child(window, "ratingEdit")
    rating.setFocus()
    qtbot.keyClicks(rating, "4")
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    child(window, "observation_dissociation").click()
    go(window, fake_clock, 15)
    type_vitals(qtbot, window, systolic="138", diastolic="86", heart_rate="80", spo2="98")
    assert label.text() == "Vitals check due at T+1:50 (in 55 min)"

    # before the end (T+1:50)
    go(window, fake_clock, 55)
    type_vitals(qtbot, window, systolic="128", diastolic="80", heart_rate="74", spo2="99")
    assert label.text() == "No more checks scheduled"

    # ending at T+1:50 is before the two hours: it asks why; no answer, still open
    window.asker.reason_text = None
    child(window, "endSessionButton").click()
    assert "minimum length is 2 h 00 min" in window.asker.questions[-1]
    assert window.desk.is_open()
    go(window, fake_clock, 10)
    asked = len(window.asker.questions)
    child(window, "endSessionButton").click()
    assert len(window.asker.questions) == asked
    assert not window.desk.is_open()

    # -- the clinic's file
    session_id = window.desk.session.id
    (dose,) = events_of(data_dir, "dose")
    assert dose["data"]["lot"] == "ESK-2291A" and dose["data"]["amount"] == 56
    assert dose["data"]["route"] == "intranasal" and dose["data"]["by"] == "Dr Lee"
    assert events_of(data_dir, "override") == []
    (ended,) = events_of(data_dir, "session_ended")
    assert ended["session_seconds"] == 120 * 60.0
    assert ended["phase"] == "Return to calm"
    assert len(events_of(data_dir, "discharge_ticked")) == 4

    entries = rows(data_dir, "entries", session_id)
    summary = [(e["kind"], e["session_seconds"], e["phase"], e["author"]) for e in entries]
    assert summary == [
        ("vitals", None, None, "Sam"),
        ("vitals", 40 * 60.0, "Introspection", "Sam"),
        ("rating", 40 * 60.0, "Introspection", "Sam"),
        ("observation", 40 * 60.0, "Introspection", "Sam"),
        ("vitals", 55 * 60.0, "Introspection", "Sam"),
        ("vitals", 110 * 60.0, "Return to calm", "Sam"),
    ]
    assert len(entries[1]["flags"]) == 2  # systolic over 140 and diastolic over 90
    assert entries[2]["data"]["scale"] == "MOAA/S" and entries[2]["data"]["value"] == 4
    assert [e["flags"] for e in entries[4:]] == [[], []]

    plays = rows(data_dir, "plays", session_id)
    ends = {p["start_id"]: p for p in plays if p["kind"] == "end"}
    assert all(p["id"] in ends for p in plays if p["kind"] == "start")

    # -- the exports
    exported = export(window, out_dir)
    (csv_dose,) = [r for r in exported.csv_rows if r["kind"] == "dose"]
    assert "ESK-2291A" in csv_dose["text"] and "intranasal" in csv_dose["text"]
    bp = [(r["systolic"], r["diastolic"]) for r in exported.csv_rows if r["kind"] == "vitals"]
    assert bp == [("132", "84"), ("152", "92"), ("138", "86"), ("128", "80")]
    (given,) = exported.resources("MedicationAdministration")
    assert "ESK-2291A" in str(given)
    assert len(exported.resources("Observation")) >= 4
