"""fhir.toml: owner-only, https (http only on this machine), each sign-in with what it needs."""

from __future__ import annotations

import pytest

from pap_guide.config.fhir_settings import FhirSettingsError, load_fhir_settings


def write(folder, text, mode=0o600):  # type: ignore[no-untyped-def]
    path = folder / "fhir.toml"
    path.write_text(text)
    path.chmod(mode)
    return folder


def test_no_file_no_server(tmp_path):
    assert load_fhir_settings(tmp_path) is None


def test_a_good_file(tmp_path):
    settings = load_fhir_settings(
        write(
            tmp_path,
            'base_url = "https://fhir.clinic.example/fhir/"\nauth = "smart-backend"\n'
            'client_id = "laptop-3"\nprivate_key = "key.pem"\nkey_id = "k1"\n',
        )
    )
    assert settings is not None
    assert settings.base_url == "https://fhir.clinic.example/fhir"
    assert settings.private_key == tmp_path / "key.pem"


@pytest.mark.parametrize(
    ("text", "mode", "words"),
    [
        ('base_url = "https://x.example"\n', 0o644, "chmod 600"),
        ('base_url = "http://fhir.clinic.example"\n', 0o600, "plain http"),
        ('base_url = "http://127.0.0.1:8080/fhir"\nauth = "bearer"\n', 0o600, "token_file"),
        ('base_url = "https://x.example"\nauth = "magic"\n', 0o600, "auth must be one of"),
        ('base_url = "https://x.example"\nbase = 1\n', 0o600, "unknown key 'base'"),
        ('auth = "none"\n', 0o600, "base_url is required"),
        ('base_url = "https://x.example"\ntimeout_seconds = 0\n', 0o600, "timeout_seconds"),
        ('base_url = "ftp://x.example"\n', 0o600, "https:// URL"),
        ("base_url = [", 0o600, "cannot be read"),
    ],
)
def test_a_file_that_cannot_be_used_says_what_to_fix(tmp_path, text, mode, words):
    with pytest.raises(FhirSettingsError, match=words):
        load_fhir_settings(write(tmp_path, text, mode))


def test_loopback_http_is_accepted_for_a_test_server(tmp_path):
    settings = load_fhir_settings(write(tmp_path, 'base_url = "http://127.0.0.1:8080/fhir"\n'))
    assert settings is not None and settings.host == "127.0.0.1"
