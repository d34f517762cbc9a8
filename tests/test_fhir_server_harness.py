"""The FHIR test server itself: sekmet-fhir, started for real, with and without SMART auth.

These pin down what the push tests rely on: R4 metadata, transactions with
conditional create and update that create nothing twice, search by identifier
and by reference, a stop and a start that keep the data, and SMART Backend
Services tokens from a signed JWT assertion (and clear refusals without one).
"""

from __future__ import annotations

import importlib.util
import subprocess
import time
import urllib.error
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.fhir_server import (
    VERSION,
    FhirHttpError,
    FhirServer,
    adverse_events,
    count,
    fetch_token,
    fhir_server,
    make_key_pair,
    read,
    request,
    search,
    server_python,
    sign_assertion,
)

pytestmark = pytest.mark.slow  # each test starts a real server; the first one may install it

SESSION = "urn:pap-guide:test-laptop:encounter"
PATIENT = "urn:pap-guide:patient"
OBS = "urn:pap-guide:test-laptop:observation"
DOSE = "urn:pap-guide:test-laptop:medicationadministration"
U_PATIENT = "urn:uuid:6f1c2a4e-0000-4000-8000-000000000001"
U_ENCOUNTER = "urn:uuid:6f1c2a4e-0000-4000-8000-000000000002"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FhirServer]:
    with fhir_server(tmp_path) as running:
        yield running


@pytest.fixture
def smart_server(tmp_path: Path) -> Iterator[FhirServer]:
    with fhir_server(tmp_path, auth="smart") as running:
        yield running


@pytest.fixture(params=["none", "smart"])
def any_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FhirServer]:
    with fhir_server(tmp_path, auth=request.param) as running:
        yield running


def session_bundle(session: str = "S-1", heart_rate: float = 72) -> dict[str, Any]:
    """A dosing session's shape: the Patient a conditional create, the rest conditional
    updates on their identifiers, except the AdverseEvent (see test below): PUT by id."""
    encounter = {"reference": U_ENCOUNTER}
    patient = {"reference": U_PATIENT}

    def update(rtype: str, system: str, value: str, body: dict[str, Any]) -> dict[str, Any]:
        identifier = [{"system": system, "value": value}]
        return {
            "fullUrl": f"urn:uuid:{uuid.uuid4()}",
            "resource": {"resourceType": rtype, "identifier": identifier, **body},
            "request": {"method": "PUT", "url": f"{rtype}?identifier={system}|{value}"},
        }

    entries = [
        {
            "fullUrl": U_PATIENT,
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": PATIENT, "value": "P-7"}],
            },
            "request": {
                "method": "POST",
                "url": "Patient",
                "ifNoneExist": f"identifier={PATIENT}|P-7",
            },
        },
    ]
    body: dict[str, Any] = {
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "subject": patient,
    }
    entries.append({**update("Encounter", SESSION, session, body), "fullUrl": U_ENCOUNTER})
    body = {
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": patient,
        "encounter": encounter,
        "effectiveDateTime": "2025-03-01T10:30:00Z",
        "valueQuantity": {
            "value": heart_rate,
            "unit": "/min",
            "system": "http://unitsofmeasure.org",
            "code": "/min",
        },
    }
    entries.append(update("Observation", OBS, f"{session}-hr-1", body))
    body = {
        "status": "completed",
        "medicationCodeableConcept": {"text": "study drug"},
        "subject": patient,
        "context": encounter,
        "effectiveDateTime": "2025-03-01T10:00:00Z",
    }
    entries.append(update("MedicationAdministration", DOSE, f"{session}-dose-1", body))
    entries.append(
        {
            "fullUrl": "urn:uuid:6f1c2a4e-0000-4000-8000-0000000000ae",
            "resource": {
                "resourceType": "AdverseEvent",
                "identifier": {
                    "system": "urn:pap-guide:test-laptop:adverseevent",
                    "value": f"{session}-ae-1",
                },
                "actuality": "actual",
                "subject": patient,
                "encounter": encounter,
            },
            "request": {"method": "PUT", "url": f"AdverseEvent/pap-{session}-ae-1"},
        }
    )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def push(server: FhirServer, bundle: dict[str, Any]) -> dict[str, Any]:
    status, _, answer = request("POST", server.base_url, bundle, token=server.bearer())
    response: dict[str, Any] = answer
    assert status == 200 and response["type"] == "transaction-response", response
    return response


def test_the_server_has_its_own_virtualenv_with_the_pinned_version() -> None:
    python = server_python()
    done = subprocess.run(
        [str(python), "-c", "import sekmet; print(sekmet.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == VERSION
    assert importlib.util.find_spec("sekmet") is None, "sekmet-fhir leaked into the app's venv"


def test_metadata_is_fhir_r4_and_names_transactions(any_server: FhirServer) -> None:
    _, headers, capability = request("GET", f"{any_server.base_url}/metadata")
    assert capability["resourceType"] == "CapabilityStatement"
    assert capability["fhirVersion"] == "4.0.1"
    assert headers["content-type"].startswith("application/fhir+json")
    rest = capability["rest"][0]
    assert {"code": "transaction"} in rest["interaction"]
    types = {r["type"]: r for r in rest["resource"]}
    for rtype in ("Patient", "Encounter", "Observation", "MedicationAdministration"):
        assert types[rtype]["conditionalCreate"] and types[rtype]["conditionalUpdate"]
    assert "AdverseEvent" not in types  # stored and read, but no search parameter at all
    if any_server.auth == "smart":
        (service,) = rest["security"]["service"]
        assert service["coding"][0]["code"] == "SMART-on-FHIR"
        (oauth,) = rest["security"]["extension"]
        assert oauth["extension"] == [{"url": "token", "valueUri": any_server.token_url}]


def test_a_transaction_pushed_twice_creates_nothing_twice(any_server: FhirServer) -> None:
    base, token = any_server.base_url, any_server.bearer()
    first = push(any_server, session_bundle())
    assert [e["response"]["status"] for e in first["entry"]] == ["201 Created"] * 5
    again = push(any_server, session_bundle(heart_rate=75))
    assert [e["response"]["status"] for e in again["entry"]] == ["200 OK"] * 5
    for rtype in (
        "Patient",
        "Encounter",
        "Observation",
        "MedicationAdministration",
        "AdverseEvent",
    ):
        assert count(base, rtype, token=token) == 1, rtype
    (observation,) = search(base, "Observation", {"identifier": f"{OBS}|S-1-hr-1"}, token).matches
    assert observation["valueQuantity"]["value"] == 75  # the second push updated it in place
    assert observation["meta"]["versionId"] == "2"


def test_search_by_identifier_and_by_reference(any_server: FhirServer) -> None:
    base, token = any_server.base_url, any_server.bearer()
    push(any_server, session_bundle("S-1"))
    push(any_server, session_bundle("S-2"))
    (encounter,) = search(base, "Encounter", {"identifier": f"{SESSION}|S-2"}, token).matches
    ref = f"Encounter/{encounter['id']}"
    assert encounter["subject"]["reference"].startswith("Patient/")  # urn:uuid resolved
    (obs,) = search(base, "Observation", {"encounter": ref}, token).matches
    assert obs["identifier"][0]["value"] == "S-2-hr-1"
    (dose,) = search(base, "MedicationAdministration", {"context": ref}, token).matches
    assert dose["identifier"][0]["value"] == "S-2-dose-1"
    (event,) = adverse_events(base, encounter["id"], token)
    assert event["identifier"]["value"] == "S-2-ae-1"
    everything = search(
        base,
        "Encounter",
        [
            ("_id", encounter["id"]),
            ("_revinclude", "Observation:encounter"),
            ("_revinclude", "MedicationAdministration:context"),
            ("_include", "Encounter:subject"),
        ],
        token,
    )
    assert sorted(r["resourceType"] for r in everything.included) == [
        "MedicationAdministration",
        "Observation",
        "Patient",
    ]
    assert count(base, "Patient", token=token) == 1  # both sessions share the conditional Patient
    assert read(base, "Encounter", encounter["id"], token)["id"] == encounter["id"]


def test_unknown_search_parameters_are_refused_not_dropped(server: FhirServer) -> None:
    push(server, session_bundle())
    with pytest.raises(FhirHttpError) as refused:
        search(server.base_url, "AdverseEvent", {"encounter": "Encounter/x"})
    assert refused.value.status == 400
    assert "Unknown search parameter 'encounter' for AdverseEvent" in str(refused.value)


def test_adverse_event_by_identifier_cannot_be_conditional(server: FhirServer) -> None:
    bundle = session_bundle()
    ae = bundle["entry"][-1]
    ae["request"]["url"] = "AdverseEvent?identifier=urn:pap-guide:test-laptop:adverseevent|S-1-ae-1"
    with pytest.raises(FhirHttpError) as refused:
        request("POST", server.base_url, bundle)
    assert refused.value.status == 400
    assert refused.value.body["resourceType"] == "OperationOutcome"
    assert "Unknown search parameter 'identifier' for AdverseEvent" in str(refused.value)
    assert "rolled back" in str(refused.value)
    assert count(server.base_url, "Patient") == 0  # all or nothing


def test_an_invalid_resource_fails_the_whole_transaction(server: FhirServer) -> None:
    bundle = session_bundle()
    del bundle["entry"][2]["resource"]["status"]  # Observation.status is 1..1
    with pytest.raises(FhirHttpError) as refused:
        request("POST", server.base_url, bundle)
    assert refused.value.status == 400
    assert "Value for the field 'status' is required" in str(refused.value)
    assert count(server.base_url, "Encounter") == 0


def test_stopped_server_refuses_and_keeps_its_data_when_started(any_server: FhirServer) -> None:
    base, token = any_server.base_url, any_server.bearer()
    push(any_server, session_bundle())
    any_server.stop()
    with pytest.raises(urllib.error.URLError) as down:
        request("GET", f"{base}/metadata", timeout=2)
    assert isinstance(down.value.reason, ConnectionRefusedError)
    any_server.start()
    assert any_server.base_url == base
    assert count(base, "Encounter", {"identifier": f"{SESSION}|S-1"}, token) == 1  # same token
    push(any_server, session_bundle())
    assert count(base, "Observation", token=token) == 1


def test_a_killed_server_keeps_what_it_committed(server: FhirServer) -> None:
    push(server, session_bundle())
    server.kill()
    server.start()
    assert count(server.base_url, "MedicationAdministration") == 1


def test_smart_refuses_requests_without_a_token(smart_server: FhirServer) -> None:
    with pytest.raises(FhirHttpError) as refused:
        search(smart_server.base_url, "Patient")
    assert refused.value.status == 401
    assert "Authentication required" in str(refused.value)
    with pytest.raises(FhirHttpError) as refused:
        request("POST", smart_server.base_url, session_bundle())
    assert refused.value.status == 401
    assert count(smart_server.base_url, "Patient", token=smart_server.token()) == 0


def test_smart_discovery_names_the_token_endpoint(smart_server: FhirServer) -> None:
    _, _, config = request("GET", f"{smart_server.base_url}/.well-known/smart-configuration")
    assert config["token_endpoint"] == smart_server.token_url
    assert "private_key_jwt" in config["token_endpoint_auth_methods_supported"]
    assert {"RS384", "ES384"} <= set(config["token_endpoint_auth_signing_alg_values_supported"])
    assert config["grant_types_supported"] == ["client_credentials"]


def test_a_token_from_a_signed_assertion_lets_a_push_through(smart_server: FhirServer) -> None:
    assert smart_server.private_key.stat().st_mode & 0o077 == 0
    token = fetch_token(
        smart_server.token_url, sign_assertion(smart_server.client), "system/*.write"
    )
    push_answer = request("POST", smart_server.base_url, session_bundle(), token=token)[2]
    assert push_answer["type"] == "transaction-response"
    with pytest.raises(FhirHttpError) as refused:  # write-only: no reading back with it
        search(smart_server.base_url, "Encounter", token=token)
    assert refused.value.status == 403
    assert count(smart_server.base_url, "Encounter", token=smart_server.token()) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aud": "http://127.0.0.1:1/auth/token"}, "Audience doesn't match"),
        ({"iss": "someone-else", "sub": "someone-else"}, "Unknown client_id 'someone-else'"),
        ({"exp": int(time.time()) - 60}, "Signature has expired"),
        ({"exp": int(time.time()) + 3600}, "exp must be no more than 5 minutes in the future"),
    ],
)
def test_a_bad_assertion_is_refused_with_the_reason(
    smart_server: FhirServer, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(FhirHttpError) as refused:
        assertion = sign_assertion(smart_server.client, **change)
        fetch_token(smart_server.token_url, assertion, "system/*.write")
    assert refused.value.status == 401
    assert refused.value.body["error"] == "invalid_client"
    assert message in str(refused.value)


def test_an_assertion_signed_with_another_key_or_replayed_is_refused(
    smart_server: FhirServer, tmp_path: Path
) -> None:
    stranger, _ = make_key_pair(tmp_path / "stranger")
    with pytest.raises(FhirHttpError) as refused:
        assertion = sign_assertion(smart_server.client, stranger)
        fetch_token(smart_server.token_url, assertion, "system/*.write")
    assert "Signature verification failed" in str(refused.value)
    once = sign_assertion(smart_server.client)
    fetch_token(smart_server.token_url, once, "system/*.write")
    with pytest.raises(FhirHttpError) as refused:
        fetch_token(smart_server.token_url, once, "system/*.write")
    assert "jti has already been used" in str(refused.value)


def test_a_bad_token_is_refused_with_a_clear_message(smart_server: FhirServer) -> None:
    with pytest.raises(FhirHttpError) as refused:
        request("POST", smart_server.base_url, session_bundle(), token="not-a-token")
    assert refused.value.status == 401
    assert "Invalid access token" in str(refused.value)
    forged = smart_server.token()[:-4] + "AAAA"
    with pytest.raises(FhirHttpError) as refused:
        search(smart_server.base_url, "Patient", token=forged)
    assert "Invalid access token: Signature verification failed" in str(refused.value)


def test_an_expired_token_is_refused_as_expired(tmp_path: Path) -> None:
    with fhir_server(tmp_path, auth="smart", token_lifetime=1) as server:
        token = server.token()
        time.sleep(2.1)
        with pytest.raises(FhirHttpError) as refused:
            search(server.base_url, "Patient", token=token)
    assert refused.value.status == 401
    assert "Access token expired" in str(refused.value)


def test_an_es384_key_works_too(tmp_path: Path) -> None:
    with fhir_server(tmp_path, auth="smart", alg="ES384") as server:
        assert server.client.jwks["keys"][0]["crv"] == "P-384"
        push(server, session_bundle())
        assert count(server.base_url, "Encounter", token=server.token()) == 1
