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


def _reading_observations(report):
    """The Observations of the reading corrected twice, by their LOINC code."""
    from pap_guide.export.fhir_export import file_ids

    (line,) = [
        line for line in report.lines if len(line.history) == 3 and line.original.kind == "vitals"
    ]
    ids = {
        file_ids(report.record).entry(line.original.id, suffix): suffix
        for suffix in ("bp", "heart_rate", "spo2", "temperature_c", "resp_rate")
    }
    found = {ids[o["id"]]: o for o in resources(report, "Observation") if o["id"] in ids}
    return line, found


def test_a_reading_corrected_twice_keeps_every_version_under_its_original_ids(corrected_report):
    line, found = _reading_observations(corrected_report)
    assert set(found) == {"bp", "heart_rate", "spo2", "temperature_c"}  # never an RR
    bp, pulse, spo2, temperature = (found[k] for k in ("bp", "heart_rate", "spo2", "temperature_c"))
    assert bp["status"] == "amended"
    assert bp["component"][0]["valueQuantity"]["value"] == 170
    (change,) = bp["note"]
    assert change["authorString"] == "Jon Okafor"
    assert "cuff slipped" in change["text"]
    assert "Was 210/80 mmHg; now 170/80 mmHg" in change["text"]
    assert pulse["status"] == "amended" and pulse["valueQuantity"]["value"] == 104
    (recount,) = pulse["note"]
    assert recount["authorString"] == "Ana Reyes" and "Was 90 /min; now 104 /min" in recount["text"]
    # untouched by either correction: as it was saved
    assert spo2["status"] == "final" and "note" not in spo2 and spo2["valueQuantity"]["value"] == 98
    # taken away by the first correction: still there, with the value it had, in error
    assert temperature["status"] == "entered-in-error"
    assert temperature["valueQuantity"]["value"] == 38.6
    (removed,) = temperature["note"]
    assert "Was 38.6 °C; now not recorded" in removed["text"]
    times = [bp["note"][0]["time"], pulse["note"][0]["time"]]
    assert times == [step.utc.isoformat() for step in line.history[1:]]


def test_a_flag_goes_on_the_observation_of_the_sign_that_broke_the_limit(corrected_report):
    _, found = _reading_observations(corrected_report)
    assert found["bp"]["interpretation"] == [{"text": "Systolic pressure 170 mmHg above 160"}]
    assert found["heart_rate"]["interpretation"] == [{"text": "Heart rate 104 /min above 100"}]
    assert "interpretation" not in found["spo2"] and "interpretation" not in found["temperature_c"]


def test_a_note_corrected_twice_then_struck_carries_each_change(corrected_report):
    (note,) = [
        o
        for o in resources(corrected_report, "Observation")
        if "asks for" in o.get("valueString", "")
    ]
    assert note["status"] == "entered-in-error"
    assert note["valueString"] == "Patient asks for water"  # the text as it stood when struck
    texts = [(n["authorString"], n["text"]) for n in note["note"]]
    assert texts == [
        (
            "Ana Reyes",
            "Corrected: water too. Was Patient asks for a blanket;"
            " now Patient asks for a blanket and water.",
        ),
        (
            "Jon Okafor",
            "Corrected: no blanket after all. Was Patient asks for a blanket and water;"
            " now Patient asks for water.",
        ),
        ("Mara Lind", "Struck out: written for the wrong session"),
    ]


def test_the_corrected_bundle_validates_against_r4b(corrected_report):
    Bundle.model_validate(json.loads(to_fhir_json(corrected_report)))


def test_a_struck_out_adverse_event_is_not_sent_as_one_that_happened(corrected_report):
    events = resources(corrected_report, "AdverseEvent")
    assert [e["event"]["text"] for e in events] == ["Vomited once (action taken: bowl and water)"]
    assert not any("Retching" in json.dumps(e) for e in to_fhir(corrected_report)["entry"])
