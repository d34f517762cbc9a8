"""Pushing a session's record to the clinic's FHIR server, or keeping it to push later.

fhirpy sends the transaction Bundle (requests underneath: TLS certificates
verified, the timeout from fhir.toml); PyJWT signs the SMART Backend
Services assertion. Nothing here writes a token or a password anywhere:
the outbox and the messages hold the server's address and its answer only.
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import (
    AuthorizationError,
    BaseFHIRError,
    ForbiddenError,
    OperationOutcome,
)

from pap_guide.config.fhir_settings import PASSWORD_ENV, FhirSettings, check_url
from pap_guide.core.report import Report
from pap_guide.export.fhir_transaction import to_transaction
from pap_guide.store.outbox import PENDING, REFUSED, SENT, Outbox, PushState

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class SignInFailed(Exception):
    """The server (or its token endpoint) would not let pap-guide in; the text says why."""


@dataclass
class Outcome:
    state: str  # sent, pending or refused
    detail: str


def _authorization(settings: FhirSettings) -> str | None:
    """The Authorization header's value for the configured sign-in."""
    if settings.auth == "none":
        return None
    if settings.auth == "bearer":
        assert settings.token_file is not None
        try:
            token = settings.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SignInFailed(f"the token file {settings.token_file} cannot be read") from exc
        return f"Bearer {token}"
    if settings.auth == "basic":
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise SignInFailed(f"set {PASSWORD_ENV} to the password of {settings.username}")
        pair = f"{settings.username}:{password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return f"Bearer {smart_token(settings)}"


def token_url(settings: FhirSettings) -> str:
    """The configured token URL, or the one the server's SMART configuration names."""
    if settings.token_url:
        return settings.token_url
    where = f"{settings.base_url}/.well-known/smart-configuration"
    try:
        answer = requests.get(where, timeout=settings.timeout_seconds)
        answer.raise_for_status()
        found = str(answer.json()["token_endpoint"])
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise SignInFailed(
            f"no token_url in fhir.toml and {where} names none ({type(exc).__name__})"
        ) from exc
    return check_url(found, "the server's token_endpoint")


def smart_token(settings: FhirSettings) -> str:
    """An access token by SMART Backend Services: a signed JWT for client_credentials."""
    assert settings.private_key is not None
    url = token_url(settings)
    try:
        key = settings.private_key.read_text(encoding="utf-8")
    except OSError as exc:
        raise SignInFailed(f"the private key {settings.private_key} cannot be read") from exc
    algorithm = "ES384" if "EC PRIVATE" in key or _is_ec(key) else "RS384"
    now = int(time.time())
    claims = {
        "iss": settings.client_id,
        "sub": settings.client_id,
        "aud": url,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    headers = {"kid": settings.key_id} if settings.key_id else {}
    try:
        assertion = jwt.encode(claims, key, algorithm=algorithm, headers=headers)
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise SignInFailed(f"the private key cannot sign an {algorithm} assertion: {exc}") from exc
    form = {
        "grant_type": "client_credentials",
        "scope": settings.scope,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    try:
        answer = requests.post(url, data=form, timeout=settings.timeout_seconds)
    except requests.RequestException as exc:
        raise ConnectionError(
            f"the token endpoint cannot be reached ({type(exc).__name__})"
        ) from exc
    if answer.status_code != 200:
        raise SignInFailed(f"the token endpoint said {answer.status_code}: {_said(answer.text)}")
    try:
        return str(answer.json()["access_token"])
    except (ValueError, KeyError) as exc:
        raise SignInFailed("the token endpoint's answer holds no access_token") from exc


def _is_ec(pem: str) -> bool:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        return isinstance(load_pem_private_key(pem.encode(), None), EllipticCurvePrivateKey)
    except (ValueError, TypeError):
        return False


def _said(text: str) -> str:
    """The server's own words: an OperationOutcome's diagnostics, or its text, short."""
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip()[:300] or "no explanation"
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        issues = body.get("issue", [])
        words = [
            str(i.get("diagnostics") or i.get("details", {}).get("text") or i.get("code", ""))
            for i in issues
        ]
        return "; ".join(w for w in words if w)[:300] or "no explanation"
    if isinstance(body, dict):
        return str(body.get("error_description") or body.get("error") or text)[:300]
    return text.strip()[:300]


def send(settings: FhirSettings, bundle: dict[str, Any]) -> Outcome:
    """POST the transaction; sent, pending (unreachable, timeout, 5xx) or refused (4xx)."""
    status: list[int] = []
    try:
        client = SyncFHIRClient(
            settings.base_url,
            authorization=_authorization(settings),
            extra_headers={"Accept": "application/fhir+json"},
            requests_config={
                "timeout": settings.timeout_seconds,
                "hooks": {"response": lambda r, *a, **k: status.append(r.status_code)},
            },
        )
        client.execute("", method="post", data=bundle)
    except SignInFailed as exc:
        return Outcome(REFUSED, f"sign-in failed: {exc}")
    except (requests.ConnectionError, requests.Timeout, ConnectionError) as exc:
        return Outcome(PENDING, f"the server cannot be reached ({type(exc).__name__})")
    except (AuthorizationError, ForbiddenError) as exc:
        return Outcome(REFUSED, f"the server refused the sign-in: {_said(str(exc))}")
    except OperationOutcome as exc:
        code = status[-1] if status else 0
        if code >= 500:
            return Outcome(PENDING, f"the server had a problem ({code})")
        return Outcome(REFUSED, f"{code}: {_outcome_text(exc)}")
    except BaseFHIRError as exc:
        code = status[-1] if status else 0
        return Outcome(REFUSED, f"{code}: {_said(str(exc))}")
    return Outcome(SENT, "")


def _outcome_text(exc: OperationOutcome) -> str:
    resource = getattr(exc, "resource", None)
    if isinstance(resource, dict):
        return _said(json.dumps(resource))
    return _said(str(exc))


REHEARSAL_NOT_PUSHED = (
    "is a rehearsal: it is never sent to the clinic's server, where it would read as care "
    "given (export it with pap-guide export to look at it)"
)


def push(report: Report, installation: str, settings: FhirSettings, outbox: Outbox) -> PushState:
    """Send one ended session's record now, and keep what happened."""
    outcome = send(settings, to_transaction(report, installation))
    return outbox.record(report.record.id, outcome.state, settings.base_url, outcome.detail)


def check_server(settings: FhirSettings) -> tuple[bool, str]:
    """doctor: the server answers /metadata as FHIR R4, and the sign-in works."""
    try:
        authorization = _authorization(settings)
    except (SignInFailed, ConnectionError) as exc:
        return False, f"sign-in to {settings.base_url} failed: {exc}"
    headers = {"Accept": "application/fhir+json"}
    if authorization:
        headers["Authorization"] = authorization
    try:
        answer = requests.get(
            f"{settings.base_url}/metadata", headers=headers, timeout=settings.timeout_seconds
        )
    except requests.RequestException as exc:
        return False, f"{settings.base_url} cannot be reached ({type(exc).__name__})"
    if answer.status_code != 200:
        return (
            False,
            f"{settings.base_url}/metadata said {answer.status_code}: {_said(answer.text)}",
        )
    try:
        version = str(answer.json().get("fhirVersion", ""))
    except ValueError:
        return False, f"{settings.base_url}/metadata is not FHIR JSON"
    if not version.startswith("4.0"):
        return False, f"{settings.base_url} speaks FHIR {version or 'of no stated version'}, not R4"
    return True, f"FHIR server {settings.base_url} answers (R4 {version}, sign-in {settings.auth})"
