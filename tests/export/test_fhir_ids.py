"""Exported FHIR files from two laptops never share a resource id.

Session and entry numbers start at 1 in every database. Two laptops' exported
Bundles are what a clinic loads into one server or merges; an Observation id
shared by two patients' files would have one overwrite the other. The push
keeps its identifiers as they were (their system names the installation), so a
session pushed before finds its resources again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pap_guide.config.locations import Locations
from pap_guide.core.clock import FakeClock
from pap_guide.core.protocol import load_catalog
from pap_guide.export.fhir_codes import entry_fhir_id
from pap_guide.export.fhir_transaction import to_transaction
from pap_guide.main import main
from pap_guide.store.database import open_records
from pap_guide.store.records import RecordLoader
from tests.helpers.scripted import scripted_session


def exported(data, session, out):
    assert main(["--data-dir", str(data), "export", "--session", str(session),
                 "--format", "fhir", "--out", str(out)]) == 0  # fmt: skip
    bundle = json.loads(out.read_text())
    return bundle, {
        e["resource"]["resourceType"] + "/" + e["resource"]["id"] for e in bundle["entry"]
    }


def test_two_laptops_files_share_no_id_but_the_patients(tmp_path):
    first = scripted_session(tmp_path / "a")
    later = FakeClock(wall=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    second = scripted_session(tmp_path / "b", clock=later)
    assert first == second == 1
    a, a_ids = exported(tmp_path / "a", first, tmp_path / "a.json")
    b, b_ids = exported(tmp_path / "b", second, tmp_path / "b.json")
    assert len(a_ids) == len(a["entry"]) > 10  # every id in a file is its own
    assert a["id"] != b["id"]
    # the same pseudonymous code is the same Patient wherever it was exported
    assert a_ids & b_ids == {e for e in a_ids if e.startswith("Patient/")}
    again, again_ids = exported(tmp_path / "a", first, tmp_path / "a2.json")
    assert again_ids == a_ids and again["id"] == a["id"]  # a file exported again: the same ids


def test_the_push_keeps_the_identifiers_it_had(tmp_path):
    session = scripted_session(tmp_path / "a")
    locations = Locations(tmp_path / "a")
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    report = RecordLoader(open_records(locations.database), catalog.protocols).report(session)
    values = {
        i["value"]
        for e in to_transaction(report, "laptop-1")["entry"]
        for i in (e["resource"].get("identifier") or [])
        if isinstance(i, dict) and i["system"].startswith("urn:pap-guide:laptop-1:")
    }
    vitals = next(line for line in report.lines if line.original.kind == "vitals")
    assert entry_fhir_id(vitals.original.id, "heart_rate") in values


def test_the_file_holds_the_people_the_checklists_the_rules_not_met_and_the_end(tmp_path):
    """What the PDF and the CSV hold besides the log reaches the clinic's record too:
    the Bundle had the phase moves but no override, no discharge and no end."""
    session = scripted_session(tmp_path / "a")
    bundle, _ = exported(tmp_path / "a", session, tmp_path / "a.json")
    resources = [e["resource"] for e in bundle["entry"]]
    (encounter,) = [r for r in resources if r["resourceType"] == "Encounter"]
    assert {
        (p["individual"]["display"], p["type"][0]["text"]) for p in encounter["participant"]
    } == {
        ("Mara Lind", "guide"),
        ("Jon Okafor", "co-guide"),
        ("Ana Reyes", "monitor"),
    }
    said: dict[str, list[str]] = {}
    for r in resources:
        if r["resourceType"] == "Observation" and "valueString" in r:
            said.setdefault(r["code"]["coding"][0]["code"], []).append(r["valueString"])
    assert "Baseline vitals taken (ticked by Ana Reyes)" in said["checklist-item"]
    assert "Escort present for the night (ticked by Mara Lind)" in said["discharge-item"]
    (rule,) = said["rule-not-met"]
    assert "the minimum length is 6 h 00 min" in rule and rule.endswith("why: stable, asked to go")
    assert said["session-end"] == [
        "Session ended by Mara Lind. Outcome: completed, discharged with escort."
    ]
    again, _ = exported(tmp_path / "a", session, tmp_path / "b.json")
    assert again == bundle  # the same file again: the same ids, in the same order
