"""The log's lines in a session's FHIR Bundle: Observations and AdverseEvents.

Vital signs by LOINC code with UCUM units (blood pressure one Observation of
two components), ratings and notes as survey Observations, adverse events as
AdverseEvent. A long session has thousands: each code's resource is a template
encoded once (json_template.py) and filled with its values as JSON text. The
session's own resources (Patient, Encounter, doses, events) are fhir_export's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from pap_guide.core import entries as kinds
from pap_guide.core.bidi import closed
from pap_guide.core.entries import LogLine, describe
from pap_guide.core.report import Report
from pap_guide.core.vitals import SIGNS, VitalSign, sign_flags
from pap_guide.export.fhir_changes import Shown, blood_pressure_text, line_status, sign_text
from pap_guide.export.fhir_codes import (
    BP_PANEL,
    LOCAL,
    LOINC,
    OTHER_SIGNS,
    PULSE_OXIMETRY,
    SEVERITY,
    SURVEY,
    VITAL,
    Ids,
    json_number,
    json_value,
    quantity,
    sign_coding,
)
from pap_guide.export.json_template import Template, hole, members, string

_OBSERVATION_HOLES = ("url", "id", "status", "when", "by", "value", "more")
_BP_HOLES = ("url", "id", "status", "when", "by", "value", "diastolic", "more")

# the time a line is given at: its stamp, or on the session clock (Report.at)
Placed = Callable[[datetime, float | None, int | None], datetime]


class LogObservations:
    """Each log line's resources, appended to ``entries`` as JSON text."""

    def __init__(
        self,
        report: Report,
        ids: Ids,
        refs: dict[str, Any],
        entries: list[str],
        at: Placed | None,
    ) -> None:
        self.report, self.ids, self.refs, self.entries = report, ids, refs, entries
        self.at = at  # None: the stamps are the session's times (the clock never moved)
        self.templates: dict[str, Template] = {}
        self.vital_templates: dict[str, Template] = {}  # by sign key, and "bp"
        self.adverse_template: Template | None = None
        self.authors: dict[str, str] = {}  # each author's JSON string
        by_kind = {kinds.VITALS: self.vitals, kinds.RATING: self.rating}
        by_kind[kinds.ADVERSE] = self.adverse
        self._by_kind = by_kind

    def add(self, line: LogLine) -> None:
        """``line``'s resources: notes, observations and intentions are text entries."""
        self._by_kind.get(line.original.kind, self.text_entry)(line)

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
                    **self.refs,
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
                **self.refs,
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
