"""Scenario 4: the laptop's app is killed mid-track; the session is finished after a restart."""

from __future__ import annotations

import time

import pytest

from pap_guide.core.clock import SystemClock
from tests.helpers.ui import child
from tests.scenarios.conftest import events_of, export, log_as, rows, type_note, type_vitals
from tests.test_crash_resume import kill, start_app


@pytest.mark.slow
def test_a_crash_mid_track_then_the_session_is_finished(make_window, data_dir, qtbot, out_dir):
    proc, session_id = start_app(data_dir, "--protocol", "mdma", "--records")
    time.sleep(1.5)  # the first track is playing
    kill(proc)
    before = rows(data_dir, "plays", session_id)
    assert [p["kind"] for p in before] == ["start"]  # cut off mid-track: no end row

    window = make_window(clock=SystemClock())
    window.resize(1366, 768)
    window.show()
    assert window.desk.session.id == session_id
    assert child(window, "sessionClock").text().startswith("T+00:00:")
    assert child(window, "phaseName").text() == "Introspection"
    # who is in the room, who was logging and who is out all come back
    assert [b.text() for b in window.log_panel.author_group.buttons()] == ["Mara", "Jon", "Ana"]
    assert child(window, "peopleEdit").text() == "Mara, Jon, Ana"
    assert window.log_panel.author() == "Ana"
    assert list(window.desk.facts().out) == ["Mara"]
    assert "Mara out of the room" in child(window, "remindersLabel").text()

    type_note(qtbot, window, "App restarted after a crash; patient calm throughout")
    type_vitals(qtbot, window, systolic="132", diastolic="84", heart_rate="80")
    child(window, "stepBackButton").click()
    assert list(window.desk.facts().out) == []
    log_as(window, "Mara")
    window.asker.reason_text = "Rehearsal of a crash: ended early on purpose"
    child(window, "endSessionButton").click()
    assert "minimum length is 6 h 00 min" in window.asker.questions[-1]
    assert not window.desk.is_open()

    # -- the clinic's file
    (resumed,) = events_of(data_dir, "resumed")
    assert resumed["session_id"] == session_id and resumed["session_seconds"] > 0
    people = events_of(data_dir, "person_joined")
    assert [p["data"]["name"] for p in people] == ["Mara", "Jon", "Ana"]
    assert [d["data"]["amount"] for d in events_of(data_dir, "dose")] == [25, 5]
    assert events_of(data_dir, "stepped_out")[0]["data"] == {"name": "Mara", "cover": "Jon"}
    assert events_of(data_dir, "stepped_back")[0]["data"]["name"] == "Mara"
    whats = [o["data"]["what"] for o in events_of(data_dir, "override")]
    assert any(w.startswith("dose with open checklist") for w in whats)
    assert any(w.startswith("ended: the minimum length is 6 h 00 min") for w in whats)

    entries = rows(data_dir, "entries", session_id)
    assert [(e["kind"], e["author"]) for e in entries] == [
        ("vitals", "Ana"),
        ("note", "Ana"),
        ("vitals", "Ana"),
    ]
    assert entries[0]["data"]["values"] == {"systolic": 150, "diastolic": 90}
    assert all(e["phase"] == "Introspection" and e["track"] for e in entries)
    assert entries[0]["session_seconds"] <= entries[1]["session_seconds"]

    plays = rows(data_dir, "plays", session_id)
    starts = [p for p in plays if p["kind"] == "start"]
    ends = {p["start_id"]: p for p in plays if p["kind"] == "end"}
    assert len(starts) >= 2
    assert all(s["id"] in ends for s in starts)  # every track start has its end
    assert ends[starts[0]["id"]]["reason"] == "interrupted"  # the one the crash cut off
    assert ends[starts[-1]["id"]]["reason"] == "session ended"
    assert ends[starts[0]["id"]]["session_seconds"] >= starts[0]["session_seconds"]

    # -- the exports
    exported = export(window, out_dir)
    kinds = [r["kind"] for r in exported.csv_rows]
    assert kinds.count("vitals") == 2 and kinds.count("note") == 1 and kinds.count("dose") == 2
    event_text = " | ".join(r["text"] for r in exported.csv_rows if r["kind"] == "event")
    assert "pap-guide started again" in event_text and "1 track(s) were interrupted" in event_text
    assert "Mara stepped out; Jon covered." in event_text
    assert len(exported.resources("MedicationAdministration")) == 2
