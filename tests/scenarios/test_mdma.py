"""Scenario 2: an MDMA session with two facilitators, a monitor and a supplemental dose."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pap_guide.ui.asker import DoseRequest, SetupRequest
from tests.helpers.ui import child
from tests.scenarios.conftest import (
    events_of,
    export,
    go,
    log_as,
    open_window,
    rows,
    type_note,
    type_vitals,
)

PEOPLE = {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


def test_mdma_session(make_window, fake_clock, data_dir, qtbot, out_dir):
    window = open_window(make_window, "--protocol", "mdma")
    window.asker.setup_request = SetupRequest("P-0207", "dosing", dict(PEOPLE))
    child(window, "startSessionButton").click()
    assert window.asker.questions == []  # guide and co-guide: two facilitators
    assert [b.text() for b in window.log_panel.author_group.buttons()] == ["Mara", "Jon", "Ana"]

    log_as(window, "Ana")
    type_vitals(qtbot, window, systolic="126", diastolic="80", heart_rate="70")
    checklist = child(window, "checklistList")
    for row in range(checklist.count()):
        item = checklist.item(row)
        if item.checkState() != Qt.CheckState.Checked:
            item.setCheckState(Qt.CheckState.Checked)
    log_as(window, "Mara")
    window.asker.dose_request = DoseRequest(120.0, 0, "MD-41")
    child(window, "recordDoseButton").click()
    window.refresh()
    assert window.asker.questions == []
    assert "Supplemental dose window opens at T+1:30" in child(window, "remindersLabel").text()

    # T+0:25: a supplemental dose outside the window asks why; no answer, no dose
    go(window, fake_clock, 25)
    window.asker.dose_request = DoseRequest(40.0, 0, "MD-41")
    window.asker.reason_text = None
    log_as(window, "Mara")
    child(window, "recordDoseButton").click()
    assert "outside the supplemental window T+1:30 to T+2:30" in window.asker.questions[-1]
    assert "Given so far: 120 mg at T+0:00." in window.asker.questions[-1]
    assert len(window.desk.facts().doses) == 1
    # asked again, the guide gives it with a reason; the form opens as it was typed
    window.asker.reason_text = "Vomited within 20 minutes of the first dose"
    child(window, "recordDoseButton").click()
    assert window.asker.dose_drafts[-1] == DoseRequest(40.0, 0, "MD-41")
    assert len(window.desk.facts().doses) == 2

    # T+1:00: a flagged reading and the repeat reminder
    go(window, fake_clock, 35)
    log_as(window, "Ana")
    type_vitals(qtbot, window, systolic="170", diastolic="95", heart_rate="104")
    label = child(window, "nextCheckLabel")
    assert label.text() == "Repeat check due at T+1:15 (in 15 min)"
    top = window.log_panel.log.tree.topLevelItem(0)
    assert top.text(3).startswith("⚠ ")
    child(window, "observation_jaw_tension").click()
    go(window, fake_clock, 15)
    type_vitals(qtbot, window, systolic="150", diastolic="88", heart_rate="96")
    assert label.text() == "Vitals check due at T+1:30 (in 15 min)"
    assert label.property("overdue") is False

    # T+1:40: the planned supplemental dose, inside the window: no question
    go(window, fake_clock, 25)
    asked = len(window.asker.questions)
    log_as(window, "Jon")
    window.asker.dose_request = DoseRequest(60.0, 0, "MD-41")
    child(window, "recordDoseButton").click()
    assert len(window.asker.questions) == asked
    assert [d.amount for d in window.desk.facts().doses] == [120.0, 40.0, 60.0]

    # T+2:00: Mara steps out, Jon covers; back at T+2:08
    go(window, fake_clock, 20)
    window.asker.step_out_answer = ("Mara", "Jon")
    child(window, "stepOutButton").click()
    go(window, fake_clock, 5)
    assert "Mara out of the room for 5 min (covered by Jon)" in (
        child(window, "remindersLabel").text()
    )
    log_as(window, "Jon")  # again: his dose put Ana back as the one logging
    type_note(qtbot, window, "Mara out; Jon sitting with the patient")
    go(window, fake_clock, 3)
    child(window, "stepBackButton").click()
    assert list(window.desk.facts().out) == []

    # through to T+6:00, the minimum, and the end with discharge complete
    go(window, fake_clock, 232, step=120)
    assert child(window, "sessionClock").text() == "T+06:00:00"
    log_as(window, "Ana")
    type_vitals(qtbot, window, systolic="128", diastolic="82", heart_rate="78")
    asked = len(window.asker.questions)
    child(window, "endSessionButton").click()
    assert len(window.asker.questions) == asked  # nothing to explain
    assert not window.desk.is_open()

    # -- the clinic's file
    session_id = window.desk.session.id
    people = events_of(data_dir, "person_joined")
    assert {p["data"]["name"]: p["data"]["role"] for p in people} == PEOPLE
    doses = events_of(data_dir, "dose")
    assert [d["data"]["amount"] for d in doses] == [120, 40, 60]
    assert [d["data"]["first"] for d in doses] == [True, False, False]
    assert [d["data"]["by"] for d in doses] == ["Mara", "Mara", "Jon"]
    assert [d["session_seconds"] for d in doses] == [None, 25 * 60.0, 100 * 60.0]
    (override,) = events_of(data_dir, "override")
    assert override["data"]["what"] == (
        "supplemental dose at T+0:25, outside the supplemental window T+1:30 to T+2:30"
    )
    assert override["data"]["reason"] == "Vomited within 20 minutes of the first dose"
    (out,) = events_of(data_dir, "stepped_out")
    assert out["data"] == {"name": "Mara", "cover": "Jon"} and out["session_seconds"] == 7200.0
    (back,) = events_of(data_dir, "stepped_back")
    assert back["data"]["name"] == "Mara" and back["session_seconds"] == 128 * 60.0

    entries = rows(data_dir, "entries", session_id)
    summary = [(e["kind"], e["session_seconds"], e["author"]) for e in entries]
    assert summary == [
        ("vitals", None, "Ana"),
        ("vitals", 60 * 60.0, "Ana"),
        ("observation", 60 * 60.0, "Ana"),
        ("vitals", 75 * 60.0, "Ana"),
        ("note", 125 * 60.0, "Jon"),
        ("vitals", 360 * 60.0, "Ana"),
    ]
    flagged = entries[1]
    assert flagged["data"]["values"]["systolic"] == 170
    assert any("systolic" in flag.lower() for flag in flagged["flags"])
    assert any("heart" in flag.lower() for flag in flagged["flags"])
    assert entries[3]["flags"] == []
    assert entries[2]["data"]["tag"] == "jaw tension"
    assert [e["phase"] for e in entries[1:]] == [
        "Introspection",
        "Introspection",
        "Introspection",
        "Introspection",
        "Release",
    ]
    assert all(e["track"] for e in entries[1:])

    plays = rows(data_dir, "plays", session_id)
    starts = [p for p in plays if p["kind"] == "start"]
    ends = {p["start_id"]: p for p in plays if p["kind"] == "end"}
    assert all(s["id"] in ends for s in starts)
    assert "phase change" in {e["reason"] for e in ends.values()}
    assert {s["phase"] for s in starts} == {"Introspection", "Peak", "Release"}

    # -- the exports
    exported = export(window, out_dir)
    csv_doses = [r for r in exported.csv_rows if r["kind"] == "dose"]
    assert [r["session_time"] for r in csv_doses] == ["T+0:00:00", "T+0:25:00", "T+1:40:00"]
    flagged_rows = [r for r in exported.csv_rows if r["flags"]]
    assert len(flagged_rows) == 1 and flagged_rows[0]["systolic"] == "170"
    events_text = " | ".join(r["text"] for r in exported.csv_rows if r["kind"] == "event")
    assert "Mara" in events_text and "Jon" in events_text
    given = exported.resources("MedicationAdministration")
    assert sorted(g["dosage"]["dose"]["value"] for g in given) == [40, 60, 120]


def test_the_one_logging_stays_after_a_dose(make_window, fake_clock, qtbot):
    window = open_window(make_window, "--protocol", "mdma")
    window.asker.setup_request = SetupRequest("P-0207", "dosing", dict(PEOPLE))
    window.asker.reason_text = "checklist done on paper"
    child(window, "startSessionButton").click()
    log_as(window, "Ana")
    type_vitals(qtbot, window, systolic="126", diastolic="80")
    log_as(window, "Mara")
    window.asker.dose_request = DoseRequest(120.0, 0, "MD-41")
    child(window, "recordDoseButton").click()
    assert window.log_panel.author() == "Mara"
