"""``fhir.toml`` in the data folder: where the clinic's FHIR server is and how to sign in.

Only ``pap-guide push`` and ``doctor`` read it. It must be readable by its
owner only: it names key files and may hold a client id. Secrets themselves
stay out of it: a bearer token lives in its own file, a password in
``PAP_GUIDE_FHIR_PASSWORD``, a private key in a PEM file.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

FILE_NAME = "fhir.toml"
PASSWORD_ENV = "PAP_GUIDE_FHIR_PASSWORD"
AUTHS = ("none", "bearer", "basic", "smart-backend")
KEYS = {
    "base_url",
    "auth",
    "token_file",
    "username",
    "client_id",
    "private_key",
    "key_id",
    "scope",
    "token_url",
    "timeout_seconds",
}


class FhirSettingsError(ValueError):
    """``fhir.toml`` cannot be used; the text says what to fix."""


@dataclass(frozen=True)
class FhirSettings:
    base_url: str
    auth: str = "none"
    token_file: Path | None = None
    username: str = ""
    client_id: str = ""
    private_key: Path | None = None
    key_id: str = ""
    scope: str = "system/*.write"
    token_url: str = ""
    timeout_seconds: float = 20.0

    @property
    def host(self) -> str:
        return urlparse(self.base_url).hostname or ""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, what: str) -> str:
    """An https URL, or http on this machine only (a test server)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        raise FhirSettingsError(f"{what} must be an https:// URL, got {url!r}")
    if parsed.scheme == "http" and not is_loopback(parsed.hostname):
        raise FhirSettingsError(
            f"{what} is plain http to {parsed.hostname}: records travel only over https "
            "(http is accepted for 127.0.0.1 / localhost only)"
        )
    return url.rstrip("/")


def load_fhir_settings(data_dir: Path) -> FhirSettings | None:
    """The settings, None when there is no fhir.toml, FhirSettingsError when it is wrong."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return None
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise FhirSettingsError(
            f"{path} is readable by others (mode {mode:o}): run chmod 600 {path}"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FhirSettingsError(f"{path} cannot be read: {exc}") from exc
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise FhirSettingsError(
            f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})"
        )
    if not isinstance(raw.get("base_url"), str) or not raw["base_url"].strip():
        raise FhirSettingsError(f"{path}: base_url is required")
    auth = str(raw.get("auth", "none"))
    if auth not in AUTHS:
        raise FhirSettingsError(f"{path}: auth must be one of {', '.join(AUTHS)}, got {auth!r}")
    timeout = raw.get("timeout_seconds", 20)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 1 <= timeout <= 300:
        raise FhirSettingsError(f"{path}: timeout_seconds must be 1 to 300")

    def file(key: str) -> Path | None:
        value = str(raw.get(key, "")).strip()
        return (
            (data_dir / value if not Path(value).is_absolute() else Path(value)) if value else None
        )

    settings = FhirSettings(
        base_url=check_url(raw["base_url"].strip(), "base_url"),
        auth=auth,
        token_file=file("token_file"),
        username=str(raw.get("username", "")),
        client_id=str(raw.get("client_id", "")),
        private_key=file("private_key"),
        key_id=str(raw.get("key_id", "")),
        scope=str(raw.get("scope", "system/*.write")),
        token_url=check_url(raw["token_url"], "token_url") if raw.get("token_url") else "",
        timeout_seconds=float(timeout),
    )
    needs: dict[str, list[tuple[str, object]]] = {
        "bearer": [("token_file", settings.token_file)],
        "basic": [("username", settings.username)],
        "smart-backend": [("client_id", settings.client_id), ("private_key", settings.private_key)],
    }
    missing = [key for key, value in needs.get(auth, []) if not value]
    if missing:
        raise FhirSettingsError(f"{path}: auth = {auth!r} needs {', '.join(missing)}")
    return settings
