"""Encryption at rest: plain sqlite3 cannot read the file; the app can with the passphrase."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from pap_guide.core.session import Event, EventKind
from pap_guide.main import main
from pap_guide.store.database import (
    WrongPassphrase,
    encrypt_database,
    is_encrypted,
    open_database,
)
from pap_guide.store.sessions import SessionRepository
from tests.helpers.rows import Writer

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def make_plain(path):
    repo = SessionRepository(open_database(path))
    record = Writer(repo.db).session("standard-6h", NOW, False, 1.0, None, "P-0142", "dosing")
    Writer(repo.db).event(
        record.id, Event(EventKind.STARTED, NOW, data={"protocol": "standard-6h"})
    )
    repo.db.close()
    return record


def test_round_trip(tmp_path):
    path = tmp_path / "pap-guide.db"
    record = make_plain(path)
    assert not is_encrypted(path)
    encrypt_database(path, "correct horse battery")
    assert is_encrypted(path)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sessions").fetchall()
    assert b"P-0142" not in path.read_bytes()
    with pytest.raises(WrongPassphrase):
        open_database(path)
    with pytest.raises(WrongPassphrase):
        open_database(path, "wrong passphrase")
    repo = SessionRepository(open_database(path, "correct horse battery"))
    assert repo.session(record.id).patient == "P-0142"
    Writer(repo.db).event(
        record.id, Event(EventKind.STARTED, NOW, data={})
    )  # still writable, still durable
    assert len(repo.events(record.id)) == 2
    assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_new_database_created_encrypted(tmp_path):
    path = tmp_path / "new.db"
    open_database(path, "a new passphrase").close()
    assert is_encrypted(path)


def test_short_passphrase_and_double_encryption_are_refused(tmp_path):
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    with pytest.raises(ValueError, match="8 characters"):
        encrypt_database(path, "short")
    encrypt_database(path, "long enough phrase")
    with pytest.raises(ValueError, match="already"):
        encrypt_database(path, "long enough phrase")


def test_commands_with_an_encrypted_database(tmp_path, monkeypatch, capsys):
    make_plain(tmp_path / "pap-guide.db")
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", "clinic passphrase 1")
    assert main(["--data-dir", str(tmp_path), "encrypt"]) == 0
    assert is_encrypted(tmp_path / "pap-guide.db")
    assert main(["--data-dir", str(tmp_path), "sessions"]) == 0
    assert "P-0142" in capsys.readouterr().out
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", "not the one")
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(tmp_path), "sessions"])
    assert stopped.value.code == 2
    assert "does not open" in capsys.readouterr().err


def test_window_opens_an_encrypted_database_with_the_passphrase(qtbot, tmp_path, fake_clock):
    from pap_guide.app import create_window

    make_plain(tmp_path / "pap-guide.db")
    encrypt_database(tmp_path / "pap-guide.db", "clinic passphrase 2")
    window = create_window(
        ["--data-dir", str(tmp_path), "--audio-output", "null"],
        clock=fake_clock,
        passphrase="clinic passphrase 2",
    )
    qtbot.addWidget(window)
    assert window.desk.session.patient == "P-0142"
    with pytest.raises(WrongPassphrase):
        create_window(["--data-dir", str(tmp_path), "--audio-output", "null"])


def test_a_refused_write_to_an_encrypted_database_is_a_refusal(tmp_path):
    """SQLCipher's errors are classes of their own, known once an encrypted file is
    open: its refused write is said as the disk's refusal, not raised as a bug."""
    from pap_guide.store.actions import refusal_reason, refusals

    path = tmp_path / "pap-guide.db"
    make_plain(path)
    encrypt_database(path, "correct horse battery")
    db = open_database(path, "correct horse battery")
    db.execute("PRAGMA query_only = 1")  # every write refused, as on a read-only file
    with pytest.raises(Exception) as raised:
        db.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
    assert not isinstance(raised.value, sqlite3.Error)  # SQLCipher's own class
    assert isinstance(raised.value, refusals())
    assert refusal_reason(raised.value) == "the database is read-only"
