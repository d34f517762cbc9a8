import json

from fhir.resources.R4B.bundle import Bundle

from pap_guide.export.fhir_export import to_fhir, to_fhir_json


def resources(report, kind):
    return [
        e["resource"] for e in to_fhir(report)["entry"] if e["resource"]["resourceType"] == kind
    ]


def test_bundle_validates_against_r4b(report):
    bundle = Bundle.model_validate(json.loads(to_fhir_json(report)))
    assert bundle.type == "collection"
    assert len(bundle.entry) == len(to_fhir(report)["entry"])


def test_patient_is_pseudonymous(report):
    (patient,) = resources(report, "Patient")
    assert patient["identifier"] == [{"system": "urn:pap-guide:patient-code", "value": "P-0142"}]
    assert "name" not in patient and "birthDate" not in patient


def test_encounter_period(report):
    (encounter,) = resources(report, "Encounter")
    assert encounter["status"] == "finished"
    assert encounter["period"]["start"].startswith("2026-01-05T09:00")
    assert encounter["period"]["end"] > encounter["period"]["start"]


def test_vital_signs_codes_and_units(report):
    observations = resources(report, "Observation")
    bp = [o for o in observations if o["code"]["coding"][0]["code"] == "85354-9"]
    assert len(bp) == 3
    first = bp[0]
    assert first["category"][0]["coding"][0]["code"] == "vital-signs"
    components = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in first["component"]}
    assert components["8480-6"] == {
        "value": 124,
        "unit": "mmHg",
        "system": "http://unitsofmeasure.org",
        "code": "mm[Hg]",
    }
    assert components["8462-4"]["value"] == 80
    heart = [o for o in observations if o["code"]["coding"][0]["code"] == "8867-4"]
    assert heart[1]["valueQuantity"]["code"] == "/min" and heart[1]["interpretation"]
    temperature = [o for o in observations if o["code"]["coding"][0]["code"] == "8310-5"]
    assert temperature[0]["valueQuantity"]["code"] == "Cel"
    corrected = bp[2]
    assert corrected["status"] == "amended"
    assert corrected["component"][0]["valueQuantity"]["value"] == 130
    assert "typo" in corrected["note"][0]["text"]


def test_doses_ratings_notes_and_adverse_event(report):
    doses = resources(report, "MedicationAdministration")
    assert [d["dosage"]["dose"]["value"] for d in doses] == [120, 60]
    assert doses[0]["dosage"]["dose"]["code"] == "mg" and "lot MD-55" in doses[0]["note"][0]["text"]
    observations = resources(report, "Observation")
    rating = next(o for o in observations if o["code"]["text"] == "SUDS")
    assert rating["valueInteger"] == 6
    assert rating["category"][0]["coding"][0]["code"] == "survey"
    note = next(o for o in observations if "valueString" in o)
    assert note["status"] == "entered-in-error" and "jaw tension" in note["valueString"]
    (event,) = resources(report, "AdverseEvent")
    assert event["severity"]["coding"][0]["code"] == "mild"
    assert "Vomited once" in event["event"]["text"]


def test_phase_moves_step_outs_and_restarts_are_session_event_observations(report):
    from pap_guide.export.fhir_export import to_fhir

    events = [
        e["resource"]["valueString"]
        for e in to_fhir(report)["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "session-event"
    ]
    assert events == [move.text for move in report.moves] and events
