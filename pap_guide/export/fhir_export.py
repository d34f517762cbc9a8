"""A FHIR R4 Bundle (JSON) of one session, for an EHR.

Patient by pseudonymous identifier only; the Encounter with its period;
vital signs as Observations with LOINC codes and UCUM units (blood pressure
as one Observation with two components); each dose as a
MedicationAdministration; ratings as survey Observations; adverse events as
AdverseEvent; notes, observations and intentions as Observations whose
valueString any EHR shows. Corrected entries are exported in their current
version with status ``amended``; struck-out ones with ``entered-in-error``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from pap_guide.core import entries as kinds
from pap_guide.core.entries import LogLine
from pap_guide.core.report import Report
from pap_guide.core.vitals import SIGNS, VITAL_SIGNS, VitalSign

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL = "urn:pap-guide:code"
PATIENT_SYSTEM = "urn:pap-guide:patient-code"
CHAIN_EXTENSION = "urn:pap-guide:record-chain-head"  # the record's hash chain head
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
PULSE_OXIMETRY = ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
DUMP_OPTIONS: dict[str, Any] = {"indent": 2, "ensure_ascii": False}
SEVERITY = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "life-threatening": "severe",
}


def _id(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "pap-guide:" + ":".join(map(str, parts))))


def _quantity(value: float, sign: VitalSign) -> dict[str, Any]:
    return {"value": value, "unit": sign.unit, "system": UCUM, "code": sign.ucum}


def _coding(sign: VitalSign) -> dict[str, str]:
    return {"system": LOINC, "code": sign.loinc, "display": sign.loinc_display}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        session = report.record
        self.patient_id = _id("patient", session.patient or f"session-{session.id}")
        self.encounter_id = _id("encounter", session.id, session.created.isoformat())
        self.entries: list[dict[str, Any]] = []

    def add(self, resource: dict[str, Any]) -> None:
        self.entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})

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
            "id": _id("provenance", report.record.id, report.chain_head),
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
        period = {"start": report.record.created.isoformat()}
        if report.ended_at is not None:
            period["end"] = report.ended_at.isoformat()
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
            }
        )

    def _observation(
        self,
        line: LogLine,
        suffix: str,
        code: dict[str, Any],
        category: list[dict[str, Any]],
        value: dict[str, Any],
    ) -> None:
        entry = line.current
        status = (
            "entered-in-error" if line.struck else ("amended" if len(line.history) > 1 else "final")
        )
        resource = {
            "resourceType": "Observation",
            "id": _id("entry", entry.id, suffix),
            "status": status,
            "category": category,
            "code": code,
            **self.refs(),
            "effectiveDateTime": line.original.utc.isoformat(),
            "performer": [{"display": line.original.author}],
            **value,
        }
        if line.flagged:
            resource["interpretation"] = [{"text": "; ".join(entry.flags)}]
        if len(line.history) > 1:
            resource["note"] = [
                {
                    "text": f"{'Struck out' if line.struck else 'Corrected'} by "
                    f"{entry.author} at {entry.utc.isoformat()}: {entry.reason}"
                }
            ]
        self.add(resource)

    def vitals(self, line: LogLine) -> None:
        values = line.reading().values
        vital = _category("vital-signs", "Vital Signs")
        if "systolic" in values and "diastolic" in values:
            components = [
                {
                    "code": {"coding": [_coding(SIGNS[key])]},
                    "valueQuantity": _quantity(values[key], SIGNS[key]),
                }
                for key in ("systolic", "diastolic")
            ]
            self._observation(
                line,
                "bp",
                {
                    "coding": [{"system": LOINC, "code": BP_PANEL[0], "display": BP_PANEL[1]}],
                    "text": "Blood pressure",
                },
                vital,
                {"component": components},
            )
        for sign in VITAL_SIGNS:
            if sign.key not in values or sign.key in ("systolic", "diastolic"):
                continue
            coding = [_coding(sign)]
            if sign.key == "spo2":
                coding.append(
                    {"system": LOINC, "code": PULSE_OXIMETRY[0], "display": PULSE_OXIMETRY[1]}
                )
            self._observation(
                line,
                sign.key,
                {"coding": coding, "text": sign.loinc_display},
                vital,
                {"valueQuantity": _quantity(values[sign.key], sign)},
            )

    def rating(self, line: LogLine) -> None:
        data = line.current.data
        self._observation(
            line,
            "rating",
            {
                "coding": [
                    {
                        "system": LOCAL,
                        "code": f"rating-{data['scale']}",
                        "display": f"{data['scale']} ({data['low']}-{data['high']})",
                    }
                ],
                "text": data["scale"],
            },
            _category("survey", "Survey"),
            {"valueInteger": int(data["value"])},
        )

    def text_entry(self, line: LogLine) -> None:
        kind = line.original.kind
        label = kinds.KIND_LABELS[kind]
        self._observation(
            line,
            kind,
            {
                "coding": [{"system": LOCAL, "code": kind, "display": f"Session {label.lower()}"}],
                "text": f"Session {label.lower()}",
            },
            _category("survey", "Survey"),
            {"valueString": self.report.entry_text(line.current)},
        )

    def moves(self) -> None:
        """Phase moves, step-outs with who covered, restarts: each an Observation note."""
        for number, move in enumerate(self.report.moves, start=1):
            self.add(
                {
                    "resourceType": "Observation",
                    "id": _id("move", self.report.record.id, number, move.utc.isoformat()),
                    "status": "final",
                    "category": _category("activity", "Activity"),
                    "code": {
                        "coding": [
                            {"system": LOCAL, "code": "session-event", "display": "Session event"}
                        ],
                        "text": "Session event",
                    },
                    **self.refs(),
                    "effectiveDateTime": move.utc.isoformat(),
                    "valueString": move.text,
                }
            )

    def adverse(self, line: LogLine) -> None:
        data, entry = line.current.data, line.current
        resource: dict[str, Any] = {
            "resourceType": "AdverseEvent",
            "id": _id("entry", entry.id, "adverse"),
            "actuality": "actual",
            **self.refs(),
            "date": line.original.utc.isoformat(),
            "event": {"text": data["what"]},
            "severity": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/adverse-event-severity",
                        "code": SEVERITY[data["severity"]],
                    }
                ],
                "text": data["severity"],
            },
            "recorder": {"display": line.original.author},
        }
        if data.get("action"):
            resource["event"]["text"] += f" (action taken: {data['action']})"
        self.add(resource)

    def doses(self) -> None:
        for number, dose in enumerate(self.report.doses(), start=1):
            resource: dict[str, Any] = {
                "resourceType": "MedicationAdministration",
                "id": _id("dose", self.report.record.id, number, dose.given.isoformat()),
                "status": "completed",
                "medicationCodeableConcept": {"text": dose.substance},
                "subject": {"reference": f"urn:uuid:{self.patient_id}"},
                "context": {"reference": f"urn:uuid:{self.encounter_id}"},
                "effectiveDateTime": dose.given.isoformat(),
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


def to_fhir(report: Report) -> dict[str, Any]:
    builder = _Builder(report)
    builder.patient()
    builder.encounter()
    builder.doses()
    for line in report.lines:
        kind = line.original.kind
        if kind == kinds.VITALS:
            builder.vitals(line)
        elif kind == kinds.RATING:
            builder.rating(line)
        elif kind == kinds.ADVERSE:
            builder.adverse(line)
        else:
            builder.text_entry(line)
    builder.moves()
    builder.provenance()
    return {
        "resourceType": "Bundle",
        "id": _id("bundle", report.record.id),
        "type": "collection",
        "timestamp": (report.ended_at or report.record.created).isoformat(),
        "entry": builder.entries,
    }


def to_fhir_json(report: Report) -> bytes:
    return json.dumps(to_fhir(report), **DUMP_OPTIONS).encode("utf-8")
