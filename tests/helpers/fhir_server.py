"""A real FHIR R4 server for the push tests: sekmet-fhir on 127.0.0.1, in its own virtualenv.

``fhir_server(tmp_path)`` starts it on a free port with a fresh SQLite database
in ``tmp_path`` and waits until ``/metadata`` answers; ``auth="smart"`` also
makes a key pair, registers its public key with the server as a SMART Backend
Services client and refuses every request without a token. ``stop()`` and
``start()`` take it down and bring it back on the same port and database.

The server lives in ``.venv-fhir`` (tools/fhir_server.sh makes it), never in the
app's ``.venv``. The first test that needs it creates it, under a lock so two
test processes do not install at once. When that is impossible the test is
skipped with the reason, except under CI=true, where it fails.

Reading back: ``search()``, ``read()`` and ``request()`` use urllib only.
sekmet-fhir has no search parameters for AdverseEvent (docs/fhir-server-tests.md),
so ``adverse_events()`` reads them all and keeps those of one encounter.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "fhir_server.sh"
VENV = Path(os.environ.get("PAP_GUIDE_FHIR_VENV", ROOT / ".venv-fhir"))
_PIN = re.search(r"^SEKMET_FHIR_VERSION=(\S+)$", SCRIPT.read_text(), re.M)
assert _PIN, f"{SCRIPT} no longer pins SEKMET_FHIR_VERSION"
VERSION = _PIN.group(1)  # one pin, in the script
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CLIENT_ID = "pap-guide-test"
KEY_ID = "pap-guide-test-key"
# urllib would send 127.0.0.1 through an http_proxy from the environment
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Params = Mapping[str, str] | Sequence[tuple[str, str]]


class FhirHttpError(Exception):
    """The server answered with an error; the text carries its own words."""

    def __init__(self, status: int, body: Any, url: str):
        self.status, self.body, self.url = status, body, url
        super().__init__(f"HTTP {status} from {url}: {describe(body)}")


def describe(body: Any) -> str:
    """An OperationOutcome's diagnostics, or an OAuth error, as one line."""
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        return "; ".join(i.get("diagnostics") or i.get("code", "") for i in body.get("issue", []))
    if isinstance(body, dict) and "error" in body:
        return f"{body['error']}: {body.get('error_description', '')}"
    return str(body)[:500]


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def server_python() -> Path:
    """The server venv's python, installing sekmet-fhir on first use (locked, idempotent)."""
    python, stamp = VENV / "bin" / "python", VENV / f".installed-sekmet-fhir-{VERSION}"
    if stamp.exists():
        return python
    VENV.mkdir(parents=True, exist_ok=True)
    with open(VENV / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second test process waits here, then finds the stamp
        if not stamp.exists():
            env = {**os.environ, "PAP_GUIDE_FHIR_LOCK_HELD": "1", "PAP_GUIDE_FHIR_VENV": str(VENV)}
            env.setdefault("PYTHON", getattr(sys, "_base_executable", sys.executable))
            try:
                done = subprocess.run(
                    ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=900
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                _unavailable(f"could not run {SCRIPT.name} to install sekmet-fhir: {exc}")
            if done.returncode != 0 or not stamp.exists():
                tail = (done.stderr or done.stdout).strip()[-1500:]
                _unavailable(f"sekmet-fhir=={VERSION} could not be installed in {VENV}: {tail}")
    return python


def _in_server_venv(code: str, payload: dict[str, Any]) -> str:
    """Run a snippet with the server venv's python (it has cryptography and PyJWT)."""
    done = subprocess.run(
        [str(server_python()), "-c", code],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"server venv snippet failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


_MAKE_KEY = """
import json, sys
from pathlib import Path
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
a = json.load(sys.stdin)
if a["alg"] == "ES384":
    key = ec.generate_private_key(ec.SECP384R1())
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
else:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption())
path = Path(a["out"]); path.touch(mode=0o600); path.write_bytes(pem)
jwk.update({"kid": a["kid"], "alg": a["alg"], "use": "sig", "key_ops": ["verify"]})
print(json.dumps({"keys": [jwk]}))
"""

_SIGN = """
import json, sys, jwt
a = json.load(sys.stdin)
print(jwt.encode(a["claims"], open(a["key"]).read(), algorithm=a["alg"], headers=a["headers"]))
"""


@dataclass(frozen=True)
class SmartClient:
    """A SMART Backend Services client registered with the server (its public key as a JWKS)."""

    client_id: str
    key_id: str
    alg: str
    private_key: Path  # PKCS#8 PEM, mode 600
    jwks: dict[str, Any]
    token_url: str
    scopes: str = "system/*.*"  # what the server lets this client ask for


def make_key_pair(
    folder: Path, alg: str = "RS384", kid: str = KEY_ID
) -> tuple[Path, dict[str, Any]]:
    """A fresh RSA (RS384) or EC P-384 (ES384) key: the private PEM's path and the public JWKS."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"client-{alg.lower()}-private.pem"
    jwks = json.loads(_in_server_venv(_MAKE_KEY, {"alg": alg, "out": str(out), "kid": kid}))
    (folder / f"client-{alg.lower()}-jwks.json").write_text(json.dumps(jwks, indent=2))
    return out, jwks


def sign_assertion(client: SmartClient, key: Path | None = None, **claims: Any) -> str:
    """A client assertion JWT as SMART Backend Services asks: iss = sub = client_id,
    aud = token URL, exp within 5 minutes, a fresh jti. ``claims`` override any of them."""
    now = int(time.time())
    body = {
        "iss": client.client_id,
        "sub": client.client_id,
        "aud": client.token_url,
        "exp": now + 240,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    payload = {
        "claims": body,
        "key": str(key or client.private_key),
        "alg": client.alg,
        "headers": {"kid": client.key_id, "typ": "JWT"},
    }
    return _in_server_venv(_SIGN, payload).strip()


@dataclass
class FhirServer:
    """One sekmet-fhir process; ``base_url`` is its FHIR base (``http://127.0.0.1:PORT/fhir``)."""

    folder: Path
    port: int
    auth: str
    smart: SmartClient | None = None
    token_lifetime: int = 3600
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _token: str | None = field(default=None, repr=False)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/fhir"

    @property
    def database(self) -> Path:
        return self.folder / "fhir.db"

    @property
    def log_path(self) -> Path:
        return self.folder / "server.log"

    @property
    def token_url(self) -> str:
        return self.client.token_url

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def key_id(self) -> str:
        return self.client.key_id

    @property
    def private_key(self) -> Path:
        return self.client.private_key

    @property
    def client(self) -> SmartClient:
        """The registered SMART client (smart mode only)."""
        if self.smart is None:
            raise AttributeError("this server runs without auth: no SMART client")
        return self.smart

    def settings(self) -> dict[str, Any]:
        """sekmet's settings file (YAML; JSON is YAML too)."""
        server_auth: dict[str, Any] = {"types": ["none"]}
        if self.smart is not None:
            client = {
                "client_id": self.smart.client_id,
                "jwks": self.smart.jwks,
                "scopes": self.smart.scopes,
            }
            server_auth = {
                "types": ["smart"],
                "smart_clients": [client],
                "token_lifetime": self.token_lifetime,
            }
        return {
            "base_url": self.base_url,  # tokens' audience, Location headers and fullUrls
            "host": "127.0.0.1",
            "port": self.port,
            "db_path": str(self.database),
            "data_dir": str(self.folder / "data"),
            "own_private_key_path": str(self.folder / "keys" / "unused.pem"),
            "simulator": {"enabled": False},  # a plain store: nothing answers our writes
            "server_auth": server_auth,
        }

    def start(self, timeout: float = 30.0) -> None:
        """Start the server (same port, same database) and wait until /metadata answers."""
        if self.is_running:
            return
        config = self.folder / "sekmet.json"
        config.write_text(json.dumps(self.settings(), indent=2))
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEKMET_")}
        command = [str(VENV / "bin" / "sekmet"), "serve", "--config", str(config)]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                command,
                cwd=self.folder,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"sekmet-fhir exited ({self._proc.returncode}): {self.log_tail()}"
                )
            try:
                if request("GET", f"{self.base_url}/metadata", timeout=2)[0] == 200:
                    return
            except (OSError, FhirHttpError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"sekmet-fhir did not answer within {timeout} s: {self.log_tail()}")

    def stop(self) -> None:
        """Shut the server down (SIGTERM, SIGKILL after 10 s); the port then refuses."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: the server dies the way a crashed one does."""
        self._end(signal.SIGKILL)

    def _end(self, how: signal.Signals) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(how)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log_tail(self, chars: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def token(self, scope: str = "system/*.read system/*.write", fresh: bool = False) -> str:
        """An access token from the real token endpoint, through a signed client assertion."""
        if self._token is None or fresh:
            self._token = fetch_token(self.token_url, sign_assertion(self.client), scope)
        return self._token

    def bearer(self) -> str | None:
        """What ``search(..., token=)`` needs for this server: a token in smart mode, else None."""
        return self.token() if self.smart is not None else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fhir_server(
    tmp_path: Path, auth: str = "none", *, alg: str = "RS384", token_lifetime: int = 3600
) -> Iterator[FhirServer]:
    """A started server with a fresh database in ``tmp_path/fhir-server``, stopped at the end.

    ``auth="smart"``: SMART Backend Services only (private_key_jwt, ``alg`` RS384 or ES384);
    a client ``pap-guide-test`` is registered with the public half of a key made here.
    """
    if auth not in ("none", "smart"):
        raise ValueError(f"auth must be 'none' or 'smart', not {auth!r}")
    server_python()
    folder = tmp_path / "fhir-server"
    folder.mkdir(parents=True, exist_ok=False)
    port = free_port()
    smart = None
    if auth == "smart":
        key, jwks = make_key_pair(folder / "client", alg)
        token_url = f"http://127.0.0.1:{port}/auth/token"
        smart = SmartClient(CLIENT_ID, KEY_ID, alg, key, jwks, token_url)
    server = FhirServer(folder, port, auth, smart, token_lifetime)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# ---------------- reading back, with urllib only ----------------


def request(
    method: str,
    url: str,
    body: Any = None,
    token: str | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 15,
) -> tuple[int, dict[str, str], Any]:
    """One HTTP exchange: (status, headers, parsed JSON body or None). Error statuses raise
    ``FhirHttpError``; a refused connection raises ``URLError`` (an ``OSError``)."""
    sent = {"Accept": "application/fhir+json", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/fhir+json")
    if token:
        sent["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), _json(resp.read())
    except urllib.error.HTTPError as exc:
        raise FhirHttpError(exc.code, _json(exc.read()), url) from None


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        return raw.decode(errors="replace")


def fetch_token(token_url: str, assertion: str, scope: str) -> str:
    """client_credentials with a JWT client assertion; raises FhirHttpError with the OAuth error."""
    form = {
        "grant_type": "client_credentials",
        "scope": scope,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    req = urllib.request.Request(
        token_url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    try:
        with _OPENER.open(req, timeout=15) as resp:
            return str(json.loads(resp.read())["access_token"])
    except urllib.error.HTTPError as exc:
        raise FhirHttpError(exc.code, _json(exc.read()), token_url) from None


@dataclass
class Found:
    """A search's result over all its pages."""

    total: int
    matches: list[dict[str, Any]]
    included: list[dict[str, Any]]


def search(base: str, rtype: str, params: Params = (), token: str | None = None) -> Found:
    """``GET [base]/[type]?params``, following ``next`` links.

    Sent with ``Prefer: handling=strict``: a parameter the server does not know is
    a 400 (``FhirHttpError``), never silently dropped (sekmet would otherwise drop it
    and answer with every resource of the type).
    """
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    url: str | None = f"{base.rstrip('/')}/{rtype}?{urllib.parse.urlencode(pairs)}"
    found = Found(0, [], [])
    while url:
        _, _, bundle = request("GET", url, token=token, headers={"Prefer": "handling=strict"})
        found.total = bundle.get("total", found.total)
        for entry in bundle.get("entry", []):
            mode = entry.get("search", {}).get("mode")
            if mode == "match":
                found.matches.append(entry["resource"])
            elif mode == "include":
                found.included.append(entry["resource"])
        url = next(
            (link["url"] for link in bundle.get("link", []) if link["relation"] == "next"), None
        )
    return found


def read(base: str, rtype: str, rid: str, token: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = request("GET", f"{base.rstrip('/')}/{rtype}/{rid}", token=token)[2]
    return resource


def count(base: str, rtype: str, params: Params = (), token: str | None = None) -> int:
    """How many resources match (``_summary=count``)."""
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    return search(base, rtype, [*pairs, ("_summary", "count")], token).total


def adverse_events(base: str, encounter_id: str, token: str | None = None) -> list[dict[str, Any]]:
    """The AdverseEvents of one encounter. sekmet-fhir indexes no AdverseEvent search
    parameter (not encounter, subject nor identifier), so all are read and filtered here."""
    everything = search(base, "AdverseEvent", [("_count", "1000")], token).matches
    wanted = {f"Encounter/{encounter_id}", f"{base.rstrip('/')}/Encounter/{encounter_id}"}
    return [ae for ae in everything if ae.get("encounter", {}).get("reference") in wanted]
