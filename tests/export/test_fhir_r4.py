"""The FHIR export validated as R4 4.0.1 by FHIR.js, beside the fhir.resources R4B check.

The scripted sessions of tests/scenarios are validated as they export (the ``out_dir``
fixture in tests/scenarios/conftest.py); here the scripted session of tests/export and
variants of it that change what the Bundle holds.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from pap_guide.export.fhir_export import to_fhir_json
from tests.helpers.r4 import assert_valid_r4, errors, validate

Resource = dict[str, Any]


def _bundle(report) -> Resource:  # type: ignore[no-untyped-def]
    return json.loads(to_fhir_json(report))


@pytest.fixture(scope="module")
def bundles(report, rehearsal_report) -> dict[str, Resource]:  # type: ignore[no-untyped-def]
    """Bundles of several sessions: ended, rehearsal, still open, tampered, no patient code."""
    open_facts = replace(report.facts, doses=[])
    return {
        "mdma session": _bundle(report),
        "rehearsal": _bundle(rehearsal_report),
        "open, no dose yet": _bundle(
            replace(report, ended_at=None, dose_at=None, facts=open_facts, moves=())
        ),
        "chain does not verify": _bundle(
            replace(report, chain_problem="row 12's hash does not match its content")
        ),
        "no patient code": _bundle(replace(report, record=replace(report.record, patient=""))),
        "no entries": _bundle(replace(report, lines=(), entries=())),
    }


def test_every_exported_bundle_is_valid_r4(bundles):
    assert_valid_r4(bundles)


def test_every_exported_bundle_is_valid_r4b_too(bundles):
    for bundle in bundles.values():
        assert len(Bundle.model_validate(bundle).entry or []) == len(bundle["entry"])


def _entry(bundle: Resource, kind: str) -> Resource:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def _vital(bundle: Resource) -> Resource:
    return next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "component" in e["resource"]
    )


def _rating(bundle: Resource) -> Resource:
    return next(e["resource"] for e in bundle["entry"] if "valueInteger" in e["resource"])


def _set(path: Callable[[Resource], Resource], key: str, value: Any) -> Callable[[Resource], None]:
    def mutate(bundle: Resource) -> None:
        path(bundle)[key] = value

    return mutate


def _drop(path: Callable[[Resource], Resource], key: str) -> Callable[[Resource], None]:
    def mutate(bundle: Resource) -> None:
        del path(bundle)[key]

    return mutate


def _observation(bundle: Resource) -> Resource:
    return _entry(bundle, "Observation")


def _dose(bundle: Resource) -> Resource:
    return _entry(bundle, "MedicationAdministration")


def _top(bundle: Resource) -> Resource:
    return bundle


# name: (change to a valid Bundle, where the error is, what the message says)
BROKEN: dict[str, tuple[Callable[[Resource], None], str, str]] = {
    "integer given as a string": (
        _set(_rating, "valueInteger", "6"),
        "Observation.valueInteger",
        "Number type expected",
    ),
    "one component instead of a list": (
        lambda b: _vital(b).update(component=_vital(b)["component"][0]),
        "Observation.component",
        "Property is not an array",
    ),
    "unknown resource type": (
        _set(lambda b: b["entry"][0], "resource", {"resourceType": "Patinet", "id": "x"}),
        "",
        "not a valid resource type",
    ),
    "missing Observation.status": (
        _drop(_observation, "status"),
        "Observation.status",
        "Missing property",
    ),
    "missing MedicationAdministration.subject": (
        _drop(_dose, "subject"),
        "MedicationAdministration.subject",
        "Missing property",
    ),
    "missing Bundle.type": (_drop(_top, "type"), "Bundle.type", "Missing property"),
    "status not in its value set": (
        _set(_observation, "status", "done"),
        "Observation.status",
        'Code "done" not found',
    ),
    "bundle type not in its value set": (
        _set(_top, "type", "archive"),
        "Bundle.type",
        'Code "archive" not found',
    ),
    "R5's name for the encounter of a dose": (
        lambda b: _dose(b).update(encounter=_dose(b).pop("context")),
        "MedicationAdministration.encounter",
        "Unexpected property",
    ),
    "dateTime with a space and no zone": (
        _set(_observation, "effectiveDateTime", "2026-01-05 09:00"),
        "Observation.effectiveDateTime",
        "Invalid dateTime",
    ),
    "timestamp without a time": (
        _set(_top, "timestamp", "2026-01-05"),
        "Bundle.timestamp",
        "Invalid instant",
    ),
    "empty performer name": (
        _set(_observation, "performer", [{"display": ""}]),
        "Observation.performer[0].display",
        "ele-1",
    ),
}


@pytest.fixture(scope="module")
def broken_results(report) -> dict[str, list[Any]]:  # type: ignore[no-untyped-def]
    """Each broken Bundle and the valid one it came from, all in one validator run."""
    valid = _bundle(report)
    documents = {"valid": valid}
    for name, (mutate, _, _) in BROKEN.items():
        documents[name] = copy.deepcopy(valid)
        mutate(documents[name])
    return validate(documents)


def test_the_unbroken_bundle_has_no_error(broken_results):
    assert errors(broken_results["valid"]) == []


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_validator_catches(broken_results, name):
    _, location, text = BROKEN[name]
    found = errors(broken_results[name])
    assert any(m.location.endswith(location) and text in m.message for m in found), (
        f"{name}: no error at {location!r} saying {text!r}; found: {[str(m) for m in found]}"
    )
