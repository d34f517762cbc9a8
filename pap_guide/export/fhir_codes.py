"""Code systems, resource ids and JSON scalars of the FHIR export (fhir_export.py).

Ids are name-based UUIDs (version 5), so exporting a session again gives each
resource the id it had; a long session asks for thousands, so they are
written out from the SHA-1 without making UUID objects.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from typing import Any

from pap_guide.core.vitals import VITAL_SIGNS, VitalSign
from pap_guide.export.json_template import encode, string

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL = "urn:pap-guide:code"
PATIENT_SYSTEM = "urn:pap-guide:patient-code"
CHAIN_EXTENSION = "urn:pap-guide:record-chain-head"  # the record's hash chain head
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
PULSE_OXIMETRY = ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
SEVERITY = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "life-threatening": "severe",
}


_NAMESPACE = uuid.NAMESPACE_URL.bytes + b"pap-guide:"
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
_NAMESPACE_SHA1 = hashlib.sha1(_NAMESPACE)  # copied for each id: quicker than hashing it again


def fhir_id(*parts: object) -> str:
    """``uuid5(NAMESPACE_URL, "pap-guide:" + parts joined by ':')``, written out
    without the UUID object (a long session asks for thousands)."""
    return _uuid5(":".join(map(str, parts)))


def entry_fhir_id(entry_id: int | None, suffix: str) -> str:
    """``fhir_id("entry", entry_id, suffix)``, for the log's thousands of resources."""
    return _uuid5(f"entry:{entry_id}:{suffix}")


class Ids:
    """Resource ids under one scope: ``fhir_id(scope, *parts)``.

    Entry and session numbers start at 1 in every database, so ids made from
    them alone are the same for two laptops' session 1: a file exported from
    each, loaded into one server or merged, would have one patient's
    Observation overwrite another's. A scope naming the session's record
    keeps them apart. An empty scope gives the unscoped ids, which the push
    keeps (its identifiers' system already names the installation, and a
    session pushed before must find the same resources again).
    """

    def __init__(self, scope: str = "") -> None:
        self.prefix = f"{scope}:" if scope else ""

    def of(self, *parts: object) -> str:
        return _uuid5(self.prefix + ":".join(map(str, parts)))

    def entry(self, entry_id: int | None, suffix: str) -> str:
        return _uuid5(f"{self.prefix}entry:{entry_id}:{suffix}")


def _uuid5(name: str) -> str:
    sha1 = _NAMESPACE_SHA1.copy()
    sha1.update(name.encode())
    digest = sha1.hexdigest()
    return (
        f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-"
        f"{_VARIANT[digest[16]]}{digest[17:20]}-{digest[20:32]}"
    )


def json_number(value: float) -> str:
    """A float's JSON text, as json.dumps writes it (repr; NaN and the infinities by
    name), without going through the general encoder."""
    return repr(value) if math.isfinite(value) else encode(value)


def json_value(value: Any) -> str:
    """A value from an entry's data as JSON: its JSON string when it is a str."""
    return string(value) if type(value) is str else encode(value)


def quantity(value: float | str, sign: VitalSign) -> dict[str, Any]:
    return {"value": value, "unit": sign.unit, "system": UCUM, "code": sign.ucum}


def sign_coding(sign: VitalSign) -> dict[str, str]:
    return {"system": LOINC, "code": sign.loinc, "display": sign.loinc_display}


def observation_category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


VITAL = observation_category("vital-signs", "Vital Signs")
SURVEY = observation_category("survey", "Survey")
OTHER_SIGNS = tuple(s for s in VITAL_SIGNS if s.key not in ("systolic", "diastolic"))
