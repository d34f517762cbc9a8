"""Scenario 1: a psilocybin session under Oregon's rules, with missed and late checks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pap_guide.ui.asker import DoseRequest, SetupRequest
from tests.helpers.ui import child
from tests.scenarios.conftest import events_of, export, go, open_window, rows, type_vitals

PEOPLE = {"Mara": "guide", "Ana": "monitor"}


def check(window):  # type: ignore[no-untyped-def]
    label = child(window, "nextCheckLabel")
    return label.text(), bool(label.property("overdue"))


def test_psilocybin_oregon_session(make_window, fake_clock, data_dir, qtbot, out_dir):
    window = open_window(make_window, "--protocol", "psilocybin-oregon")
    window.asker.setup_request = SetupRequest("P-0142", "dosing", dict(PEOPLE))
    window.asker.dose_request = DoseRequest(25.0, 0, "PSI-2026-07")
    child(window, "startSessionButton").click()
    assert child(window, "sessionClock").text() == "Pre-dose"
    assert check(window) == ("Baseline vitals due before the dose", False)

    # Ana logs the baseline (T-0:30 in the schedule); it ticks its checklist item.
    # She has the monitor role, so she is the one logging from the set-up on.
    assert window.log_panel.author() == "Ana"
    type_vitals(qtbot, window, systolic="124", diastolic="78", heart_rate="72")
    checklist = child(window, "checklistList")
    for row in range(checklist.count()):  # the guide ticks the rest of the list
        item = checklist.item(row)
        if item.checkState() != Qt.CheckState.Checked:
            item.setCheckState(Qt.CheckState.Checked)
    assert len(window.desk.facts().checklist) == 4
    fake_clock.advance(30 * 60)
    child(window, "recordDoseButton").click()
    assert window.asker.questions == []  # the checklist is complete: nothing to explain
    window.refresh()
    assert child(window, "sessionClock").text() == "T+00:00:00"
    assert "Minimum length 5 h 00 min" in child(window, "remindersLabel").text()

    go(window, fake_clock, 2, step=30)
    type_vitals(qtbot, window, systolic="130", diastolic="80", heart_rate="80")
    assert check(window) == ("Vitals check due at T+0:30 (in 28 min)", False)

    # the T+0:30 check is missed: overdue after the 10-minute grace, quietly
    go(window, fake_clock, 40, step=30)  # T+0:42
    text, overdue = check(window)
    assert overdue and "overdue" in text and "T+0:30" in text
    go(window, fake_clock, 3, step=30)  # T+0:45: a late reading
    type_vitals(qtbot, window, systolic="138", diastolic="84", heart_rate="92")
    assert check(window) == ("Vitals check due at T+1:00 (in 15 min)", False)

    go(window, fake_clock, 22, step=30)  # T+1:07, inside the grace of T+1:00
    assert check(window) == ("Vitals check due at T+1:00 (7 min ago)", False)
    type_vitals(qtbot, window, systolic="132", diastolic="82", heart_rate="88")
    assert check(window) == ("Vitals check due at T+1:30 (in 23 min)", False)

    # T+1:30 missed entirely; the reading at T+2:15 settles it and T+2:00
    go(window, fake_clock, 68, step=60)  # T+2:15
    assert check(window)[1] is True
    assert child(window, "phaseName").text() == "Peak"
    type_vitals(qtbot, window, systolic="128", diastolic="80", heart_rate="84")
    assert check(window) == ("Vitals check due at T+3:00 (in 45 min)", False)

    # T+4:00: the client is settled and asks to go home early; discharge checked
    go(window, fake_clock, 105, step=60)  # T+4:00
    type_vitals(qtbot, window, systolic="122", diastolic="76", heart_rate="74")
    window.asker.reason_text = "Client settled and asked to finish; vitals at baseline"
    child(window, "endSessionButton").click()
    window.refresh()
    assert len(window.asker.questions) == 1
    assert "minimum length is 5 h 00 min" in window.asker.questions[0]
    assert not window.desk.is_open()

    # -- what the clinic's file holds
    session_id = window.desk.session.id
    entries = rows(data_dir, "entries", session_id)
    assert [e["kind"] for e in entries] == ["vitals"] * 6
    assert [e["session_seconds"] for e in entries] == [
        None,
        120.0,
        45 * 60.0,
        67 * 60.0,
        135 * 60.0,
        240 * 60.0,
    ]
    assert [e["phase"] for e in entries] == [
        None,
        "Introspection",
        "Introspection",
        "Introspection",
        "Peak",
        "Release",
    ]
    assert {e["author"] for e in entries} == {"Ana"}
    assert all(e["track"] for e in entries[1:])  # the music playing is on each entry
    assert entries[2]["data"]["values"] == {"systolic": 138, "diastolic": 84, "heart_rate": 92}
    assert all(e["flags"] == [] for e in entries) and all(not e["struck"] for e in entries)

    (dose,) = events_of(data_dir, "dose")
    assert dose["data"]["amount"] == 25 and dose["data"]["lot"] == "PSI-2026-07"
    assert dose["data"]["substance"] == "Psilocybin" and dose["data"]["first"] is True
    ticked = events_of(data_dir, "checklist_ticked")
    assert ticked[0]["data"] == {"item": "Baseline vitals taken", "by": "Ana"}
    assert len(ticked) == 4
    (override,) = events_of(data_dir, "override")
    assert override["data"]["what"].startswith("ended: the minimum length is 5 h 00 min")
    assert override["data"]["reason"] == window.asker.reason_text
    assert override["session_seconds"] == 240 * 60.0
    discharge = events_of(data_dir, "discharge_ticked")
    assert [d["data"]["item"] for d in discharge] == [
        "Alert and oriented",
        "Vital signs back near baseline",
        "Transportation present",
    ]
    (ended,) = events_of(data_dir, "session_ended")
    assert ended["data"]["outcome"] == "completed" and ended["session_seconds"] == 240 * 60.0
    assert events_of(data_dir, "phase_advanced") == []

    plays = rows(data_dir, "plays", session_id)
    starts = [p for p in plays if p["kind"] == "start"]
    ends = {p["start_id"]: p for p in plays if p["kind"] == "end"}
    assert starts and all(s["id"] in ends for s in starts)
    assert {s["phase"] for s in starts} == {"Introspection", "Peak", "Release"}
    assert ends[starts[-1]["id"]]["reason"] == "session ended"

    # -- the exports
    out = export(window, out_dir)
    vitals = [r for r in out.csv_rows if r["kind"] == "vitals"]
    assert [r["systolic"] for r in vitals] == ["124", "130", "138", "132", "128", "122"]
    assert [r["session_time"] for r in vitals][1:3] == ["T+0:02:00", "T+0:45:00"]
    assert [r["author"] for r in vitals] == ["Ana"] * 6
    doses = [r for r in out.csv_rows if r["kind"] == "dose"]
    assert len(doses) == 1 and "25 mg Psilocybin" in doses[0]["text"]
    assert "PSI-2026-07" in doses[0]["text"]
    assert any(c.startswith("# pap-guide record chain head sha256:") for c in out.comments)
    (given,) = out.resources("MedicationAdministration")
    assert given["dosage"]["dose"]["value"] == 25
    observations = out.resources("Observation")
    assert len(observations) >= 6
