"""A FHIR R4 Bundle (JSON) of one session, for an EHR.

Patient by pseudonymous identifier only; the Encounter with its period;
vital signs as Observations with LOINC codes and UCUM units (blood pressure
as one Observation with two components); each dose as a
MedicationAdministration; ratings as survey Observations; adverse events as
AdverseEvent; notes, observations and intentions as Observations whose
valueString any EHR shows. Corrected entries are exported in their current
version with status ``amended``; struck-out ones with ``entered-in-error``.

The Bundle is written one resource a line; the log's Observations, thousands
in a long session, are filled into templates encoded once (json_template.py).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from pap_guide.core import entries as kinds
from pap_guide.core.entries import LogLine
from pap_guide.core.report import Report
from pap_guide.core.vitals import SIGNS, VITAL_SIGNS, VitalSign
from pap_guide.export.json_template import Template, encode, hole, member, members, string

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL = "urn:pap-guide:code"
PATIENT_SYSTEM = "urn:pap-guide:patient-code"
CHAIN_EXTENSION = "urn:pap-guide:record-chain-head"  # the record's hash chain head
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
PULSE_OXIMETRY = ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
DUMP_OPTIONS: dict[str, Any] = {"ensure_ascii": False}  # as json_template.encode
SEVERITY = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "life-threatening": "severe",
}


_NAMESPACE = uuid.NAMESPACE_URL.bytes + b"pap-guide:"
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _id(*parts: object) -> str:
    """``uuid5(NAMESPACE_URL, "pap-guide:" + parts joined by ':')``, written out
    without the UUID object (a long session asks for thousands)."""
    digest = hashlib.sha1(_NAMESPACE + ":".join(map(str, parts)).encode()).hexdigest()
    return (
        f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-"
        f"{_VARIANT[digest[16]]}{digest[17:20]}-{digest[20:32]}"
    )


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
        self.entries: list[str] = []  # each Bundle entry's JSON text
        self.templates: dict[str, Template] = {}

    def add(self, resource: dict[str, Any]) -> None:
        self.entries.append(encode({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}))

    def template(self, key: str, code: dict[str, Any], category: list[dict[str, Any]]) -> Template:
        """The Observation template of one code (``key`` names it), made once."""
        found = self.templates.get(key)
        if found is None:
            shape = {
                "fullUrl": hole("url"),
                "resource": {
                    "resourceType": "Observation",
                    "id": hole("id"),
                    "status": hole("status"),
                    "category": category,
                    "code": code,
                    **self.refs(),
                    "effectiveDateTime": hole("when"),
                    "performer": [{"display": hole("by")}],
                    members("more"): None,
                },
            }
            found = self.templates[key] = Template(shape)
        return found

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

    def _observation(self, line: LogLine, suffix: str, template: Template, value: str) -> None:
        """One Observation of ``line``; ``value`` is its value's member text."""
        entry = line.current
        amended = len(line.history) > 1
        status = "entered-in-error" if line.struck else ("amended" if amended else "final")
        more = value
        if line.flagged:
            more += member("interpretation", [{"text": "; ".join(entry.flags)}])
        if amended:
            what = "Struck out" if line.struck else "Corrected"
            text = f"{what} by {entry.author} at {entry.utc.isoformat()}: {entry.reason}"
            more += member("note", [{"text": text}])
        resource_id = _id("entry", entry.id, suffix)
        self.entries.append(
            template.fill(
                url=f'"urn:uuid:{resource_id}"',
                id=f'"{resource_id}"',
                status=f'"{status}"',
                when=f'"{line.original.utc.isoformat()}"',
                by=string(line.original.author),
                more=more,
            )
        )

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
            code = {
                "coding": [{"system": LOINC, "code": BP_PANEL[0], "display": BP_PANEL[1]}],
                "text": "Blood pressure",
            }
            template = self.template("vitals:bp", code, vital)
            self._observation(line, "bp", template, member("component", components))
        for sign in VITAL_SIGNS:
            if sign.key not in values or sign.key in ("systolic", "diastolic"):
                continue
            coding = [_coding(sign)]
            if sign.key == "spo2":
                coding.append(
                    {"system": LOINC, "code": PULSE_OXIMETRY[0], "display": PULSE_OXIMETRY[1]}
                )
            template = self.template(
                f"vitals:{sign.key}", {"coding": coding, "text": sign.loinc_display}, vital
            )
            quantity = _quantity(values[sign.key], sign)
            self._observation(line, sign.key, template, member("valueQuantity", quantity))

    def rating(self, line: LogLine) -> None:
        data = line.current.data
        display = f"{data['scale']} ({data['low']}-{data['high']})"
        template = self.templates.get(f"rating:{display}")
        if template is None:
            coding = {"system": LOCAL, "code": f"rating-{data['scale']}", "display": display}
            code = {"coding": [coding], "text": data["scale"]}
            template = self.template(f"rating:{display}", code, _category("survey", "Survey"))
        self._observation(line, "rating", template, f', "valueInteger": {int(data["value"])}')

    def text_entry(self, line: LogLine) -> None:
        kind = line.original.kind
        template = self.templates.get(kind)
        if template is None:
            label = f"Session {kinds.KIND_LABELS[kind].lower()}"
            code = {"coding": [{"system": LOCAL, "code": kind, "display": label}], "text": label}
            template = self.template(kind, code, _category("survey", "Survey"))
        value = f', "valueString": {string(self.report.entry_text(line.current))}'
        self._observation(line, kind, template, value)

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


def _entries(report: Report) -> list[str]:
    """Each Bundle entry's JSON text, in the Bundle's order."""
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
    return builder.entries


def to_fhir_json(report: Report) -> bytes:
    """The Bundle, one entry a line."""
    head = encode(
        {
            "resourceType": "Bundle",
            "id": _id("bundle", report.record.id),
            "type": "collection",
            "timestamp": (report.ended_at or report.record.created).isoformat(),
        }
    )
    text = head[:-1] + ', "entry": [\n' + ",\n".join(_entries(report)) + "\n]}\n"
    return text.encode("utf-8")


def to_fhir(report: Report) -> dict[str, Any]:
    """The Bundle as Python values (read back from its JSON text, so the two agree)."""
    result: dict[str, Any] = json.loads(to_fhir_json(report))
    return result
