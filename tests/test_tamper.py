"""Someone with the laptop edits the record with the sqlite3 command line: it shows.

REPLACE INTO is refused by the schema itself; a dropped trigger and an edited
row break the hash chain, and doctor, the window and every export say so,
naming the table and the row. Encryption keeps the chain.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from pap_guide.app import create_window
from tests.conftest import ROOT
from tests.export.test_pdf import pdf_text
from tests.helpers.scripted import scripted_session
from tests.helpers.ui import child

pytestmark = pytest.mark.slow


def sqlite_cli(db, sql):
    return subprocess.run(["sqlite3", str(db), sql], capture_output=True, text=True, timeout=30)


def pap_guide(data, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data), *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def record(tmp_path):
    data = tmp_path / "data"
    session = scripted_session(data)
    return data, data / "pap-guide.db", session


def note_id(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM entries WHERE kind = 'note' LIMIT 1").fetchone()[0]


def test_replace_into_is_refused_by_the_schema(record):
    data, db, _ = record
    target = note_id(db)
    done = sqlite_cli(
        db,
        "REPLACE INTO entries (id, session_id, kind, utc, author, data, struck, flags) "
        f"VALUES ({target}, 1, 'note', '2026-01-05T10:00:00+00:00', 'Ana Reyes', "
        "'{\"text\": \"patient calm, no concerns\"}', 0, '[]')",
    )
    assert done.returncode != 0 and "append-only" in done.stderr
    doctor = pap_guide(data, "doctor").stdout
    assert "record hash chain intact" in doctor and "database integrity: ok" in doctor


def test_a_row_changed_behind_the_triggers_breaks_the_chain_everywhere(record, qtbot, tmp_path):
    data, db, session = record
    target = note_id(db)
    forged = json.dumps({"text": "patient calm, no concerns"})
    done = sqlite_cli(
        db,
        "DROP TRIGGER entries_no_update; "
        f"UPDATE entries SET data = '{forged}' WHERE id = {target};",
    )
    assert done.returncode == 0, done.stderr
    doctor = pap_guide(data, "doctor")
    assert doctor.returncode == 1
    assert f"table entries, row {target} does not match its hash" in doctor.stdout
    assert "Ready for a session" not in doctor.stdout
    out = tmp_path / "forged.csv"
    pap_guide(data, "export", "--session", str(session), "--format", "csv", "--out", str(out))
    assert f"# WARNING: the record was changed outside pap-guide: table entries, row {target}" in (
        out.read_text(encoding="utf-8-sig")
    )
    pdf = tmp_path / "forged.pdf"  # the copy a clinician signs
    made = pap_guide(
        data, "export", "--session", str(session), "--format", "pdf", "--out", str(pdf)
    )
    assert "WARNING: the record does not verify: the record was changed" in made.stderr
    text = " ".join(pdf_text(tmp_path, pdf.read_bytes()).split())
    assert "WARNING: this record does not verify" in text
    assert f"table entries, row {target}" in text and "DOES NOT VERIFY" in text
    window = create_window(["--data-dir", str(data), "--audio-output", "null"])
    qtbot.addWidget(window)
    assert f"table entries, row {target}" in child(window, "problemBanner").text()
    window.close()


def test_a_deleted_row_breaks_the_chain(record):
    data, db, _ = record
    target = note_id(db)
    sqlite_cli(db, f"DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE amends = {target}; "
                   f"DELETE FROM entries WHERE id = {target};")  # fmt: skip
    doctor = pap_guide(data, "doctor")
    assert doctor.returncode == 1 and "was deleted" in doctor.stdout


def test_encryption_keeps_the_chain(record):
    data, db, _ = record
    env = {"PAP_GUIDE_PASSPHRASE": "correct horse battery"}
    assert pap_guide(data, "encrypt", env=env).returncode == 0
    doctor = pap_guide(data, "doctor", env=env)
    assert "record hash chain intact" in doctor.stdout, doctor.stdout
    unchecked = pap_guide(data, "doctor")
    assert unchecked.returncode == 1 and "not checked: no passphrase" in unchecked.stdout
