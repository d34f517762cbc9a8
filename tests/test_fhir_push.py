"""Push to a real FHIR R4 server (sekmet-fhir on 127.0.0.1), through the real command.

A scripted session in a real database is pushed by ``pap-guide push`` in its
own process, read back by search and compared with the database; pushed
again without duplicates; kept pending while the server is down and sent by
``push --pending`` once it is back; signed in by SMART Backend Services; and
refused with a clear message for a key the server does not know.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pap_guide.export.fhir_transaction import identifier_system
from tests.conftest import ROOT
from tests.helpers.fhir_server import fhir_server, make_key_pair, request, search
from tests.helpers.scripted import scripted_session

pytestmark = pytest.mark.slow


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(data_dir / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def configure(data_dir: Path, lines: list[str]) -> None:
    path = data_dir / "fhir.toml"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def installation(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        return db.execute("SELECT value FROM settings WHERE key = 'installation_id'").fetchone()[0]


def counts(base: str, data_dir: Path, token: str | None = None) -> dict[str, int]:
    """What the server holds for the session: the Encounter by our identifier, then its parts."""
    system = identifier_system(installation(data_dir), "Encounter")
    found = search(base, "Encounter", [("identifier", f"{system}|")], token=token)
    encounters = [
        e for e in found.matches if any(i.get("system") == system for i in e.get("identifier", []))
    ]
    assert len(encounters) == 1, found
    encounter = f"Encounter/{encounters[0]['id']}"
    patient = encounters[0]["subject"]["reference"]  # R4 finds AdverseEvents by subject
    held = {"Encounter": len(encounters)}
    for kind, by, value in (
        ("Observation", "encounter", encounter),
        ("MedicationAdministration", "context", encounter),
    ):
        held[kind] = search(base, kind, [(by, value)], token=token).total
    # the test server has no AdverseEvent search: each one is read back by its id
    events = [
        request("GET", f"{base}/{entry['request']['url']}", token=token)[2]
        for entry in sent(data_dir)["entry"]
        if entry["resource"]["resourceType"] == "AdverseEvent"
    ]
    assert all(event["subject"]["reference"] == patient for event in events)
    held["AdverseEvent"] = len(events)
    held["Patient"] = search(
        base, "Patient", [("identifier", "urn:pap-guide:patient-code|")], token=token
    ).total
    return held


def sent(data_dir: Path) -> dict:  # type: ignore[type-arg]
    """The transaction the push sends, made again from the database."""
    from pap_guide.config.locations import Locations, load_protocols
    from pap_guide.export.fhir_transaction import to_transaction
    from pap_guide.store.database import open_database
    from pap_guide.store.records import RecordLoader

    locations = Locations(data_dir)
    records = RecordLoader(open_database(locations.database), load_protocols(locations).protocols)
    report = records.report(1)
    assert report is not None
    return to_transaction(report, installation(data_dir))


def expected(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        kinds = dict(
            db.execute(
                "SELECT kind, count(DISTINCT coalesce(amends, id)) FROM entries GROUP BY kind"
            )
        )
        doses = db.execute("SELECT count(*) FROM events WHERE kind = 'dose'").fetchone()[0]
    return {"adverse": kinds.get("adverse_event", 0), "doses": doses}


def test_push_read_back_again_offline_and_pending(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    session = scripted_session(data_dir)
    with fhir_server(tmp_path) as server:
        configure(data_dir, [f'base_url = "{server.base_url}"', "timeout_seconds = 10"])
        first = cli(data_dir, "push", "--session", str(session))
        assert first.returncode == 0, first.stderr
        assert f"Session {session}: sent" in first.stdout
        held = counts(server.base_url, data_dir)
        want = expected(data_dir)
        assert held["MedicationAdministration"] == want["doses"]
        assert held["AdverseEvent"] == want["adverse"]
        assert held["Observation"] > 5 and held["Patient"] == 1
        encounter = search(
            server.base_url,
            "Encounter",
            [("identifier", f"{identifier_system(installation(data_dir), 'Encounter')}|")],
        ).matches[0]
        statuses = {
            o["status"]
            for o in search(
                server.base_url, "Observation", [("encounter", f"Encounter/{encounter['id']}")]
            ).matches
        }
        assert "amended" in statuses  # the corrected entry, in its current version
        assert "entered-in-error" in statuses  # the struck-out note
        again = cli(data_dir, "push", "--session", str(session))
        assert again.returncode == 0, again.stderr
        assert counts(server.base_url, data_dir) == held  # nothing twice
        server.stop()
        offline = cli(data_dir, "push", "--session", str(session))
        assert offline.returncode == 1 and "pending" in offline.stdout
        assert "cannot be reached" in offline.stdout
        listed = cli(data_dir, "sessions")
        assert "FHIR: pending" in listed.stdout
        server.start()
        later = cli(data_dir, "push", "--pending")
        assert later.returncode == 0, later.stderr
        assert "sent" in later.stdout
        assert counts(server.base_url, data_dir) == held
        assert "FHIR: sent" in cli(data_dir, "sessions").stdout
        # the secrets rule: nothing in the database names a token (none here) or the key
        assert "Bearer" not in (data_dir / "pap-guide.db").read_bytes().decode("latin-1")


def test_a_bearer_token_never_reaches_the_database_or_the_messages(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    session = scripted_session(data_dir)
    secret = "tok-" + "7f3a9c" * 6
    (data_dir / "token").write_text(secret)
    (data_dir / "token").chmod(0o600)
    with fhir_server(tmp_path) as server:
        configure(
            data_dir, [f'base_url = "{server.base_url}"', 'auth = "bearer"', 'token_file = "token"']
        )
        pushed = cli(data_dir, "push", "--session", str(session))
        assert pushed.returncode == 0, pushed.stdout + pushed.stderr
        server.stop()
        offline = cli(data_dir, "push", "--session", str(session))
        assert "pending" in offline.stdout
    for text in (pushed.stdout, pushed.stderr, offline.stdout, offline.stderr):
        assert secret not in text
    for path in data_dir.rglob("*"):
        if path.is_file() and path.name != "token":
            assert secret.encode() not in path.read_bytes(), path


def test_push_with_smart_backend_services_and_a_bad_key(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    session = scripted_session(data_dir)
    with fhir_server(tmp_path, auth="smart") as server:
        settings = [
            f'base_url = "{server.base_url}"',
            'auth = "smart-backend"',
            f'client_id = "{server.client_id}"',
            f'private_key = "{server.private_key}"',
            f'key_id = "{server.key_id}"',
            'scope = "system/*.read system/*.write"',
            f'token_url = "{server.token_url}"',
        ]
        configure(data_dir, settings)
        assert "answers (R4" in cli(data_dir, "doctor").stdout
        pushed = cli(data_dir, "push", "--session", str(session))
        assert pushed.returncode == 0, pushed.stdout + pushed.stderr
        assert counts(server.base_url, data_dir, token=server.token())["Encounter"] == 1
        stranger, _ = make_key_pair(tmp_path / "stranger", "RS384")
        configure(
            data_dir,
            [
                line.replace(str(server.private_key), str(stranger))
                if line.startswith("private_key")
                else line
                for line in settings
            ],
        )
        refused = cli(data_dir, "push", "--session", str(session))
        assert refused.returncode == 1
        assert "refused" in refused.stdout and "sign-in failed" in refused.stdout
        token_leak = server.token()
        assert token_leak not in refused.stdout + refused.stderr


def test_a_rehearsal_is_never_pushed(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    session = scripted_session(data_dir, rehearsal=True)
    with fhir_server(tmp_path) as server:
        configure(data_dir, [f'base_url = "{server.base_url}"', "timeout_seconds = 10"])
        refused = cli(data_dir, "push", "--session", str(session))
        assert refused.returncode == 1
        assert f"Session {session} is a rehearsal: it is never sent" in refused.stderr
        for kind in ("Encounter", "Patient", "MedicationAdministration", "Observation"):
            assert search(server.base_url, kind, []).total == 0, f"a rehearsal {kind} was sent"
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        assert db.execute("SELECT count(*) FROM fhir_outbox").fetchone() == (0,)
