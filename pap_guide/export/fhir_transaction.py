"""A session as one FHIR R4 transaction Bundle that can be pushed again and again.

Every resource carries an identifier under a system that names this
installation, so sessions from many laptops never collide. The Patient is a
conditional create on its pseudonymous code (shared by the clinic's
laptops); everything else a conditional update on its identifier, so a push
repeated, or repeated after an amendment, changes what changed and creates
nothing twice. References between the entries stay ``urn:uuid`` ones: the
server resolves them inside the transaction.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from pap_guide.core.report import Report
from pap_guide.export.fhir_codes import PATIENT_SYSTEM, Ids
from pap_guide.export.fhir_export import to_fhir

NO_IDENTIFIER = {"Provenance"}  # R4 gives it no identifier element
ONE_IDENTIFIER = {"AdverseEvent"}  # identifier 0..1, not a list
NO_IDENTIFIER_SEARCH = {"Provenance", "AdverseEvent"}  # no 'identifier' search parameter in R4


def identifier_system(installation: str, resource_type: str) -> str:
    """``urn:pap-guide:<installation>:<type>``: unique to this laptop's pap-guide."""
    return f"urn:pap-guide:{installation}:{resource_type.lower()}"


def _search(system: str, value: str) -> str:
    return "identifier=" + quote(f"{system}|{value}", safe="")


def to_transaction(report: Report, installation: str) -> dict[str, Any]:
    """The session's record, ready to POST to the server's base URL."""
    # the unscoped ids: the identifiers' system names the installation already, and a
    # session pushed before must find its resources under the values it had
    collection = to_fhir(report, Ids())
    entries = []
    for entry in collection["entry"]:
        resource = dict(entry["resource"])
        kind = resource["resourceType"]
        if kind == "Patient":
            code = next(
                i["value"] for i in resource.get("identifier", []) if i["system"] == PATIENT_SYSTEM
            )
            request = {
                "method": "POST",
                "url": "Patient",
                "ifNoneExist": _search(PATIENT_SYSTEM, code),
            }
        else:
            system, value = identifier_system(installation, kind), resource.pop("id")
            ours = {"system": system, "value": value}
            if kind in ONE_IDENTIFIER:
                resource["identifier"] = ours
            elif kind not in NO_IDENTIFIER:
                resource["identifier"] = [
                    *[i for i in resource.get("identifier", []) if i.get("system") != system],
                    ours,
                ]
            if kind in NO_IDENTIFIER_SEARCH:
                # R4 defines no identifier search for it: an id of our own, unique to
                # this installation, updated in place (update as create)
                resource["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{installation}:{value}"))
                request = {"method": "PUT", "url": f"{kind}/{resource['id']}"}
            else:
                request = {"method": "PUT", "url": f"{kind}?{_search(system, value)}"}
        if kind == "Patient":
            resource.pop("id", None)  # the server keeps its own ids; ours is the identifier
        entries.append({"fullUrl": entry["fullUrl"], "resource": resource, "request": request})
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "timestamp": collection.get("timestamp"),
        "entry": entries,
    }


def to_transaction_json(report: Report, installation: str) -> bytes:
    return json.dumps(to_transaction(report, installation), ensure_ascii=False).encode("utf-8")
