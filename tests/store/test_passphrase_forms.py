"""Passphrases: one key whatever Unicode form they are typed in, fit to protect records."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pap_guide.main import main
from pap_guide.store.database import (
    WeakPassphrase,
    WrongPassphrase,
    check_new_passphrase,
    encrypt_database,
    is_encrypted,
    open_database,
)
from pap_guide.store.sessions import SessionRepository
from tests.store.test_encryption import make_plain

COMPOSED = unicodedata.normalize("NFC", "café séance Ångström")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_the_two_forms_differ_as_strings():
    assert COMPOSED != DECOMPOSED and len(DECOMPOSED) > len(COMPOSED)


@pytest.mark.parametrize(
    ("set_with", "open_with"), [(DECOMPOSED, COMPOSED), (COMPOSED, DECOMPOSED)]
)
def test_an_encrypted_database_opens_with_the_passphrase_in_either_form(
    tmp_path, set_with, open_with
):
    path = tmp_path / "pap-guide.db"
    record = make_plain(path)
    encrypt_database(path, set_with)
    assert is_encrypted(path)
    repo = SessionRepository(open_database(path, open_with))
    assert repo.session(record.id).patient == "P-0142"
    repo.db.close()
    with pytest.raises(WrongPassphrase):
        open_database(path, open_with + "!")


def test_a_new_encrypted_database_opens_with_the_other_form(tmp_path):
    path = tmp_path / "new.db"
    open_database(path, DECOMPOSED).close()
    assert is_encrypted(path)
    open_database(path, COMPOSED).close()


def test_a_file_keyed_before_normalisation_still_opens(tmp_path):
    """Older versions keyed the file with the passphrase exactly as typed."""
    import sqlcipher3

    path = tmp_path / "old.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = '" + DECOMPOSED + "'")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for typed in (DECOMPOSED, COMPOSED):
        db = open_database(path, typed)
        assert "t" in db.table_names()
        db.close()


@pytest.mark.parametrize(
    "passphrase", ["", " ", " " * 12, "\t\t\t\t\t\t\t\t", "\u3000" * 8, "\n" * 9, "\u00a0" * 8]
)
def test_empty_or_only_spaces_is_refused(tmp_path, passphrase):
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    with pytest.raises(ValueError, match="empty or only spaces"):
        encrypt_database(path, passphrase)
    assert not is_encrypted(path)
    with pytest.raises(WeakPassphrase, match="empty or only spaces"):
        open_database(tmp_path / "new.db", passphrase)


@pytest.mark.parametrize("passphrase", ["short", "seven77", "e\u0301" * 7])
def test_under_eight_characters_is_refused(tmp_path, passphrase):
    """Counted once normalised: seven é typed as e + accent are seven characters."""
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    with pytest.raises(ValueError, match="at least 8 characters"):
        encrypt_database(path, passphrase)
    with pytest.raises(WrongPassphrase, match="at least 8 characters"):
        open_database(tmp_path / "new.db", passphrase)
    assert not (tmp_path / "new.db").exists() or not is_encrypted(tmp_path / "new.db")


@pytest.mark.parametrize("passphrase", ["eight888", " padded  ", "é" * 8, "😀" * 8])
def test_eight_characters_or_more_are_enough(tmp_path, passphrase):
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    encrypt_database(path, passphrase)
    open_database(path, passphrase).close()


def test_an_empty_passphrase_never_reaches_sqlcipher(tmp_path):
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    encrypt_database(path, "clinic passphrase")
    with pytest.raises(WrongPassphrase, match="empty passphrase"):
        open_database(path, "")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12))
def test_any_new_passphrase_is_normalised_or_refused_with_a_reason(passphrase):
    try:
        kept = check_new_passphrase(passphrase)
    except WeakPassphrase as refused:
        assert str(refused)
    else:
        assert kept == unicodedata.normalize("NFC", passphrase)
        assert kept.strip() and len(kept) >= 8


# -- the command line


def test_encrypt_and_sessions_with_either_form(tmp_path, monkeypatch, capsys):
    make_plain(tmp_path / "pap-guide.db")
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", DECOMPOSED)
    assert main(["--data-dir", str(tmp_path), "encrypt"]) == 0
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", COMPOSED)
    assert main(["--data-dir", str(tmp_path), "sessions"]) == 0
    assert "P-0142" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["sessions"], ["encrypt"], ["doctor"]])
def test_an_empty_passphrase_variable_is_a_plain_message(tmp_path, monkeypatch, capsys, command):
    make_plain(tmp_path / "pap-guide.db")
    if command != ["encrypt"]:
        encrypt_database(tmp_path / "pap-guide.db", "clinic passphrase 3")
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", "")
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(tmp_path), *command])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "PAP_GUIDE_PASSPHRASE is set but empty: set it to the passphrase, or unset it to "
        "type the passphrase in a terminal."
    )
    assert is_encrypted(tmp_path / "pap-guide.db") == (command != ["encrypt"])


def test_an_empty_passphrase_variable_shows_no_traceback(tmp_path):
    make_plain(tmp_path / "pap-guide.db")
    encrypt_database(tmp_path / "pap-guide.db", "clinic passphrase 4")
    done = subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(tmp_path), "sessions"],
        env={"PAP_GUIDE_PASSPHRASE": "", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "sqlcipher" not in done.stderr.lower()
    assert "PAP_GUIDE_PASSPHRASE is set but empty" in done.stderr


def test_encrypt_refuses_spaces_only_from_the_environment(tmp_path, monkeypatch, capsys):
    make_plain(tmp_path / "pap-guide.db")
    monkeypatch.setenv("PAP_GUIDE_PASSPHRASE", " " * 10)
    assert main(["--data-dir", str(tmp_path), "encrypt"]) == 1
    assert "empty or only spaces. Nothing was changed." in capsys.readouterr().err
    assert not is_encrypted(tmp_path / "pap-guide.db")
