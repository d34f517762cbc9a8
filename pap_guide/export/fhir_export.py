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
events, thousands in a long session, are filled into templates encoded once
(json_template.py), their numbers and texts written straight as JSON.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import partial
from typing import Any

from pap_guide.core import entries as kinds
from pap_guide.core.bidi import closed
from pap_guide.core.entries import LogLine, describe
from pap_guide.core.report import Report
from pap_guide.core.sentences import event_sentence
from pap_guide.core.session import EventKind, SessionRecord
from pap_guide.core.vitals import SIGNS, VitalSign, sign_flags
from pap_guide.export.fhir_changes import Shown, blood_pressure_text, line_status, sign_text
from pap_guide.export.fhir_codes import (
    BP_PANEL,
    CHAIN_EXTENSION,
    LOCAL,
    LOINC,
    OTHER_SIGNS,
    PATIENT_SYSTEM,
    PULSE_OXIMETRY,
    SEVERITY,
    SURVEY,
    UCUM,
    VITAL,
    Ids,
    fhir_id,
    json_number,
    json_value,
    observation_category,
    quantity,
    sign_coding,
)
from pap_guide.export.json_template import Template, encode, hole, members, string

_OBSERVATION_HOLES = ("url", "id", "status", "when", "by", "value", "more")
_BP_HOLES = ("url", "id", "status", "when", "by", "value", "diastolic", "more")

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
        self.templates: dict[str, Template] = {}
        self.vital_templates: dict[str, Template] = {}  # by sign key, and "bp"
        self.adverse_template: Template | None = None
        self.authors: dict[str, str] = {}  # each author's JSON string
        # the stamps are the session's times unless the laptop's clock moved
        self.at = None if report.stamps_true else report.at

    def add(self, resource: dict[str, Any]) -> None:
        self.entries.append(encode({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}))

    def template(
        self,
        key: str,
        code: dict[str, Any],
        category: list[dict[str, Any]],
        value: dict[str, Any],
        names: tuple[str, ...] = _OBSERVATION_HOLES,
    ) -> Template:
        """The Observation template of one code (``key`` names it), made once; ``value``
        is its value member, with the value itself a hole. Its holes are ``names``, in
        that order: the order it is filled in."""
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
                    **value,
                    members("more"): None,
                },
            }
            found = self.templates[key] = Template(shape)
            if found.names != names:
                raise ValueError(f"template {key!r} has holes {found.names}, not {names}")
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

    def _line(self, line: LogLine) -> tuple[str, str]:
        """The holes every Observation of ``line`` fills alike: its time and author
        (a vitals line has several Observations)."""
        author = line.original.author
        by = self.authors.get(author)
        if by is None:
            by = self.authors[author] = string(author)
        original = line.original
        when = (
            original.utc
            if self.at is None
            else self.at(original.utc, original.session_seconds, original.id)
        )
        return f'"{when.isoformat()}"', by

    def _observation(
        self,
        line: LogLine,
        suffix: str,
        template: Template,
        shown: Shown,
        flags: list[str],
        *values: str,
    ) -> None:
        """One Observation of a line, under its original's id whatever its version
        (so a push after a correction updates it); ``shown`` gives its content in each
        version, ``values`` the JSON text of its value holes (two for blood pressure)."""
        when, by = self._line(line)
        status, more = line_status(line, shown, flags, self.at)
        resource_id = self.ids.entry(line.original.id, suffix)
        url = f'"urn:uuid:{resource_id}"'
        filled = template.fill_in_order((url, f'"{resource_id}"', status, when, by, *values, more))
        self.entries.append(filled)

    def vitals(self, line: LogLine) -> None:
        """An Observation for each sign the reading held in any of its versions: one
        a correction took away is marked entered-in-error with the value it had."""
        history = line.history
        current = line.current.data.get("values", {})
        flags = sign_flags(current, line.current.flags) if line.flagged else {}
        if len(history) == 1:
            versions = [current]
        else:
            versions = [step.data.get("values", {}) for step in history]
        # the values as Reading.from_data reads them, each a float; the latest a sign had
        if any("systolic" in v and "diastolic" in v for v in versions):
            last = next(v for v in reversed(versions) if "systolic" in v and "diastolic" in v)
            template = self.vital_templates.get("bp") or self.blood_pressure()
            systolic = json_number(float(last["systolic"]))
            diastolic = json_number(float(last["diastolic"]))
            bp_flags = flags.get("systolic", []) + flags.get("diastolic", [])
            shown = blood_pressure_text
            self._observation(line, "bp", template, shown, bp_flags, systolic, diastolic)
        for sign in OTHER_SIGNS:
            key = sign.key
            held = [v[key] for v in versions if key in v]
            if held:
                template = self.vital_templates.get(key) or self.vital(sign)
                value = json_number(float(held[-1]))
                shown = partial(sign_text, sign)
                self._observation(line, key, template, shown, flags.get(key, []), value)

    def blood_pressure(self) -> Template:
        """The template of blood pressure Observations: systolic is the value hole."""
        components = [
            {
                "code": {"coding": [sign_coding(SIGNS[key])]},
                "valueQuantity": quantity(hole(name), SIGNS[key]),
            }
            for key, name in (("systolic", "value"), ("diastolic", "diastolic"))
        ]
        code = {
            "coding": [{"system": LOINC, "code": BP_PANEL[0], "display": BP_PANEL[1]}],
            "text": "Blood pressure",
        }
        template = self.template("vitals:bp", code, VITAL, {"component": components}, _BP_HOLES)
        self.vital_templates["bp"] = template
        return template

    def vital(self, sign: VitalSign) -> Template:
        """The template of one sign's Observations (blood pressure aside)."""
        coding = [sign_coding(sign)]
        if sign.key == "spo2":
            coding.append(
                {"system": LOINC, "code": PULSE_OXIMETRY[0], "display": PULSE_OXIMETRY[1]}
            )
        code = {"coding": coding, "text": sign.loinc_display}
        value = {"valueQuantity": quantity(hole("value"), sign)}
        template = self.template(f"vitals:{sign.key}", code, VITAL, value)
        self.vital_templates[sign.key] = template
        return template

    def rating(self, line: LogLine) -> None:
        data = line.current.data
        display = f"{data['scale']} ({data['low']}-{data['high']})"
        template = self.templates.get(f"rating:{display}")
        if template is None:
            coding = {"system": LOCAL, "code": f"rating-{data['scale']}", "display": display}
            code = {"coding": [coding], "text": data["scale"]}
            value = {"valueInteger": hole("value")}
            template = self.template(f"rating:{display}", code, SURVEY, value)
        value_text = str(int(data["value"]))
        self._observation(line, "rating", template, describe, [], value_text)

    def text_entry(self, line: LogLine) -> None:
        kind = line.original.kind
        template = self.templates.get(kind)
        if template is None:
            label = f"Session {kinds.KIND_LABELS[kind].lower()}"
            code = {"coding": [{"system": LOCAL, "code": kind, "display": label}], "text": label}
            value = {"valueString": hole("value")}
            template = self.template(kind, code, SURVEY, value)
        text = string(self.report.entry_text(line.current))
        self._observation(line, kind, template, describe, [], text)

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

    def adverse(self, line: LogLine) -> None:
        """An AdverseEvent; none for one struck out: R4 gives AdverseEvent no status to
        mark it entered in error, and sent as it is it would tell the EHR of an event
        that did not happen (the PDF and the CSV keep it, struck out)."""
        if line.struck:
            return
        data, entry = line.current.data, line.current
        severity = data["severity"]
        what = closed(data["what"])  # typed: its direction controls end with it
        if data.get("action"):
            what += f" (action taken: {closed(data['action'])})"
        resource_id = self.ids.entry(entry.id, "adverse")
        template = self.adverse_template or self.adverse_shape()
        self.entries.append(
            template.fill(
                url=f'"urn:uuid:{resource_id}"',
                id=f'"{resource_id}"',
                when=self._line(line)[0],
                what=json_value(what),
                code=json_value(SEVERITY[severity]),
                severity=json_value(severity),
                by=json_value(line.original.author),
            )
        )

    def adverse_shape(self) -> Template:
        """The template of AdverseEvents, made once (a long session has hundreds)."""
        shape = {
            "fullUrl": hole("url"),
            "resource": {
                "resourceType": "AdverseEvent",
                "id": hole("id"),
                "actuality": "actual",
                **self.refs(),
                "date": hole("when"),
                "event": {"text": hole("what")},
                "severity": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/adverse-event-severity",
                            "code": hole("code"),
                        }
                    ],
                    "text": hole("severity"),
                },
                "recorder": {"display": hole("by")},
            },
        }
        self.adverse_template = Template(shape)
        return self.adverse_template

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
    by_kind = {kinds.VITALS: builder.vitals, kinds.RATING: builder.rating}
    by_kind[kinds.ADVERSE] = builder.adverse
    writer, text_entry = by_kind.get, builder.text_entry  # notes, observations, intentions
    for line in report.lines:
        writer(line.original.kind, text_entry)(line)
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
