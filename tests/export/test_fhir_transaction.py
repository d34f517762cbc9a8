"""The push Bundle: a transaction whose every entry can be sent twice without a duplicate."""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle

from pap_guide.export.fhir_transaction import identifier_system, to_transaction

INSTALLATION = "7c1f0c9e-0000-4000-8000-000000000001"


def test_every_entry_is_a_conditional_request(report):
    bundle = to_transaction(report, INSTALLATION)
    Bundle.model_validate(bundle)  # fhir.resources' check as well
    assert bundle["type"] == "transaction"
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        kind = resource["resourceType"]
        if kind == "Patient":
            assert request["method"] == "POST"
            assert request["ifNoneExist"].startswith("identifier=urn%3Apap-guide%3Apatient-code")
        elif kind in ("Provenance", "AdverseEvent"):  # no identifier search in R4
            assert request == {"method": "PUT", "url": f"{kind}/{resource['id']}"}
        else:
            system = identifier_system(INSTALLATION, kind)
            ids = resource["identifier"]
            ours = [ids] if isinstance(ids, dict) else ids
            value = next(i["value"] for i in ours if i["system"] == system)
            assert request["method"] == "PUT"
            assert request["url"] == f"{kind}?identifier={system.replace(':', '%3A')}%7C{value}"
            assert "id" not in resource


def test_the_same_session_makes_the_same_bundle_and_another_installation_another(report):
    first, again = to_transaction(report, INSTALLATION), to_transaction(report, INSTALLATION)
    assert first["entry"] == again["entry"]
    other = to_transaction(report, "another-laptop")
    urls = {
        e["request"]["url"] for e in first["entry"] if e["resource"]["resourceType"] != "Patient"
    }
    other_urls = {
        e["request"]["url"] for e in other["entry"] if e["resource"]["resourceType"] != "Patient"
    }
    assert not urls & other_urls  # two laptops' session 1 never meet
    patients = [
        e["request"]
        for e in first["entry"] + other["entry"]
        if e["resource"]["resourceType"] == "Patient"
    ]
    assert patients[0] == patients[1]  # the pseudonymous patient is the clinic's, shared


def test_the_push_bundle_is_valid_r4(report):
    from tests.helpers.r4 import assert_valid_r4

    assert_valid_r4({"transaction": to_transaction(report, INSTALLATION)})
