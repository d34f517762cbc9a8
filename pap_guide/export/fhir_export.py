"""A FHIR R4 Bundle (JSON) of one session, for an EHR.

Patient by pseudonymous identifier only; the Encounter with its period;
vital signs as Observations with LOINC codes and UCUM units (blood pressure
as one Observation with two components); each dose as a
MedicationAdministration; ratings as survey Observations; adverse events as
AdverseEvent; notes, observations and intentions as Observations whose
valueString any EHR shows. A corrected entry's Observations keep its
original's ids and hold its current version, status ``amended`` where their
own value changed, with one note for each change (who, when, why, what it
was); a sign a correction took away, and every Observation of a struck-out
entry, are ``entered-in-error``. Flags go on the Observation of the sign
that broke the limit.

The Bundle is written one resource a line; the log's Observations and adverse
events, thousands in a long session, are made by fhir_log.py from templates
encoded once (json_template.py), their numbers and texts written straight as
JSON.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pap_guide.core.bidi import closed
from pap_guide.core.report import Report
from pap_guide.core.sentences import event_sentence
from pap_guide.core.session import EventKind, SessionRecord
from pap_guide.export.fhir_codes import (
    CHAIN_EXTENSION,
    LOCAL,
    PATIENT_SYSTEM,
    UCUM,
    Ids,
    fhir_id,
    observation_category,
)
from pap_guide.export.fhir_log import LogObservations
from pap_guide.export.json_template import encode

DUMP_OPTIONS: dict[str, Any] = {"ensure_ascii": False}  # as json_template.encode


def file_ids(record: SessionRecord) -> Ids:
    """The ids of an exported file: scoped by the session's record (its number and
    the moment it was made), so two databases' session 1 give different ids."""
    return Ids(f"session:{record.id}:{record.created.isoformat()}")


class _Builder:
    def __init__(self, report: Report, ids: Ids) -> None:
        self.report, self.ids = report, ids
        session = report.record
        # one patient's code is one Patient wherever it was exported: not scoped
        self.patient_id = (
            fhir_id("patient", session.patient)
            if session.patient
            else ids.of("patient", f"session-{session.id}")
        )
        self.encounter_id = fhir_id("encounter", session.id, session.created.isoformat())
        self.entries: list[str] = []  # each Bundle entry's JSON text
        # the stamps are the session's times unless the laptop's clock moved
        at = None if report.stamps_true else report.at
        self.log = LogObservations(report, ids, self.refs(), self.entries, at)

    def add(self, resource: dict[str, Any]) -> None:
        self.entries.append(encode({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}))

    def refs(self) -> dict[str, Any]:
        return {
            "subject": {"reference": f"urn:uuid:{self.patient_id}"},
            "encounter": {"reference": f"urn:uuid:{self.encounter_id}"},
        }

    def provenance(self) -> None:
        """What the record held when this was written: the chain head pins it."""
        report = self.report
        resource: dict[str, Any] = {
            "resourceType": "Provenance",
            "id": self.ids.of("provenance", report.record.id, report.chain_head),
            "target": [{"reference": f"urn:uuid:{self.encounter_id}"}],
            "recorded": (report.ended_at or report.record.created).isoformat(),
            "agent": [{"who": {"display": "pap-guide"}}],
            "extension": [{"url": CHAIN_EXTENSION, "valueString": f"sha256:{report.chain_head}"}],
        }
        if report.chain_problem:
            resource["reason"] = [{"text": report.chain_problem}]
        self.add(resource)

    def patient(self) -> None:
        code = self.report.record.patient or f"session-{self.report.record.id}"
        self.add(
            {
                "resourceType": "Patient",
                "id": self.patient_id,
                "identifier": [{"system": PATIENT_SYSTEM, "value": code}],
            }
        )

    def encounter(self) -> None:
        report = self.report
        period = {"start": report.created_at.isoformat()}
        if report.ended_at is not None:
            period["end"] = (report.end_at or report.ended_at).isoformat()
        self.add(
            {
                "resourceType": "Encounter",
                "id": self.encounter_id,
                "status": "finished" if report.ended_at else "in-progress",
                "class": {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "AMB",
                    "display": "ambulatory",
                },
                "type": [
                    {
                        "text": f"{report.record.session_type} session, {report.protocol_name}"
                        + (" (rehearsal)" if report.record.rehearsal else "")
                    }
                ],
                "subject": {"reference": f"urn:uuid:{self.patient_id}"},
                "period": period,
                **self.participants(),
            }
        )

    def participants(self) -> dict[str, Any]:
        """The people in the room, by name and role (pap-guide keeps no staff ids)."""
        people = self.report.facts.people
        if not people:
            return {}
        return {
            "participant": [
                {"type": [{"text": role}], "individual": {"display": name}}
                for name, role in people.items()
            ]
        }

    def record_facts(self) -> None:
        """What the record holds besides the log: each checklist and discharge item
        ticked (by whom, when), each rule not met with why it went ahead, and the
        end with its outcome; an Observation note each, as the session events."""
        report, facts = self.report, self.report.facts
        found: list[tuple[str, str, str, datetime]] = []
        for item, (by, at) in facts.checklist.items():
            found.append(("checklist-item", "Checklist item", f"{item} (ticked by {by})", at))
        for item, (by, at) in facts.discharge.items():
            found.append(("discharge-item", "Discharge item", f"{item} (ticked by {by})", at))
        for what, why, at in facts.overrides:
            found.append(("rule-not-met", "Rule not met", f"{what}; why: {why}", at))
        for event in report.events:  # how it ended, with the outcome given then
            if event.kind == EventKind.ENDED:
                said = event_sentence(event) or "Session ended."
                found.append(("session-end", "Session end", said, event.utc))
        for number, (code, display, text, stamp) in enumerate(found, start=1):
            at = report.at_event(stamp)
            self.add(
                {
                    "resourceType": "Observation",
                    "id": self.ids.of("fact", report.record.id, code, number, stamp.isoformat()),
                    "status": "final",
                    "category": observation_category("activity", "Activity"),
                    "code": {
                        "coding": [{"system": LOCAL, "code": code, "display": display}],
                        "text": display,
                    },
                    **self.refs(),
                    "effectiveDateTime": at.isoformat(),
                    "valueString": closed(text),
                }
            )

    def moves(self) -> None:
        """Phase moves, step-outs with who covered, restarts: each an Observation note."""
        for number, move in enumerate(self.report.moves, start=1):
            self.add(
                {
                    "resourceType": "Observation",
                    "id": self.ids.of("move", self.report.record.id, number, move.utc.isoformat()),
                    "status": "final",
                    "category": observation_category("activity", "Activity"),
                    "code": {
                        "coding": [
                            {"system": LOCAL, "code": "session-event", "display": "Session event"}
                        ],
                        "text": "Session event",
                    },
                    **self.refs(),
                    "effectiveDateTime": self.report.at_event(move.utc).isoformat(),
                    "valueString": move.text,
                }
            )

    def doses(self) -> None:
        report = self.report
        given = zip(report.doses(), report.dose_times(), strict=True)
        for number, (dose, seconds) in enumerate(given, start=1):
            resource: dict[str, Any] = {
                "resourceType": "MedicationAdministration",
                "id": self.ids.of("dose", self.report.record.id, number, dose.given.isoformat()),
                "status": "completed",
                "medicationCodeableConcept": {"text": dose.substance},
                "subject": {"reference": f"urn:uuid:{self.patient_id}"},
                "context": {"reference": f"urn:uuid:{self.encounter_id}"},
                "effectiveDateTime": report.at(dose.given, seconds).isoformat(),
                "dosage": {
                    "route": {"text": dose.route},
                    "dose": {
                        "value": dose.amount,
                        "unit": dose.unit,
                        "system": UCUM,
                        "code": dose.unit,
                    },
                },
            }
            notes = ["initial dose" if number == 1 else f"supplemental dose {number - 1}"]
            if dose.lot:
                notes.append(f"lot {dose.lot}")
            resource["note"] = [{"text": ", ".join(notes)}]
            self.add(resource)


def _entries(report: Report, ids: Ids) -> list[str]:
    """Each Bundle entry's JSON text, in the Bundle's order."""
    builder = _Builder(report, ids)
    builder.patient()
    builder.encounter()
    builder.doses()
    add = builder.log.add
    for line in report.lines:
        add(line)
    builder.moves()
    builder.record_facts()
    builder.provenance()
    return builder.entries


def to_fhir_json(report: Report, ids: Ids | None = None) -> bytes:
    """The Bundle, one entry a line; its ids the file's (``file_ids``) unless given."""
    ids = ids or file_ids(report.record)
    head = encode(
        {
            "resourceType": "Bundle",
            "id": ids.of("bundle", report.record.id),
            "type": "collection",
            "timestamp": (report.ended_at or report.record.created).isoformat(),
        }
    )
    entries = _entries(report, ids)  # never empty: the Patient, the Encounter, the Provenance
    # the head and tail go on the first and last entries, so that the Bundle's
    # megabytes of text are joined once and encoded once, not copied again
    entries[0] = head[:-1] + ', "entry": [\n' + entries[0]
    entries[-1] += "\n]}\n"
    return ",\n".join(entries).encode("utf-8")


def to_fhir(report: Report, ids: Ids | None = None) -> dict[str, Any]:
    """The Bundle as Python values (read back from its JSON text, so the two agree)."""
    result: dict[str, Any] = json.loads(to_fhir_json(report, ids))
    return result
