"""Opening the database: durable settings first, then migrations (when not current).

A database may be encrypted at rest with a passphrase (SQLCipher through the
``sqlcipher3`` package; its connection has sqlite3's API). Without the
passphrase an encrypted file is unreadable, to pap-guide and to anyone else.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

from pap_guide.core.private_files import private_dir
from pap_guide.store.connection import Records
from pap_guide.store.schema import migrate

PLAIN_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE = 8  # characters, after normalisation


class WrongPassphrase(RuntimeError):
    """The database is encrypted and the passphrase does not open it."""


class WeakPassphrase(WrongPassphrase, ValueError):
    """A passphrase too short, or only spaces, to encrypt records with."""


def normal_passphrase(passphrase: str) -> str:
    """The passphrase as the key is made of: Unicode NFC.

    The same passphrase can reach us in two forms: "é" as one character or as
    "e" and a combining accent, depending on the keyboard, the input method or
    the system (macOS file dialogs and some terminals decompose). NFC makes
    them one key.
    """
    return unicodedata.normalize("NFC", passphrase)


def check_new_passphrase(passphrase: str) -> str:
    """A passphrase fit to encrypt with, normalised; WeakPassphrase saying why not."""
    normal = normal_passphrase(passphrase)
    if not normal.strip():
        raise WeakPassphrase("A passphrase cannot be empty or only spaces.")
    if len(normal) < MIN_PASSPHRASE:
        raise WeakPassphrase(f"Use a passphrase of at least {MIN_PASSPHRASE} characters.")
    if "\x00" in normal:
        raise WeakPassphrase("A passphrase cannot hold a NUL character.")
    return normal


def _keys(passphrase: str) -> list[str]:
    """The forms to try, NFC first: files keyed before normalisation have the typed form."""
    forms = [normal_passphrase(passphrase), passphrase, unicodedata.normalize("NFD", passphrase)]
    return list(dict.fromkeys(forms))


def is_encrypted(path: Path | str) -> bool:
    """True when ``path`` exists and is not a plain SQLite file (SQLCipher's look)."""
    candidate = Path(path)
    if str(path) == ":memory:" or not candidate.exists() or candidate.stat().st_size == 0:
        return False
    with candidate.open("rb") as handle:
        return handle.read(len(PLAIN_HEADER)) != PLAIN_HEADER


def _quote(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def _connect(path: Path | str, passphrase: str | None, query: str = "") -> Any:
    """A connection to ``path``; with ``query`` (``mode=ro``, say) through an SQLite URI."""
    target, uri = str(path), bool(query)
    if uri:
        target = Path(path).resolve().as_uri().replace("file://", "file:", 1) + "?" + query
    if passphrase is None:
        return sqlite3.connect(target, timeout=5.0, check_same_thread=False, uri=uri)
    if not passphrase or "\x00" in passphrase:  # SQLCipher takes neither as a key
        raise WrongPassphrase("an empty passphrase opens no database")
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise WrongPassphrase(f"encryption needs the sqlcipher3 package ({exc})") from exc
    for key in _keys(passphrase):
        conn = sqlcipher3.connect(target, timeout=5.0, check_same_thread=False, uri=uri)
        conn.execute(f"PRAGMA key = {_quote(key)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            conn.close()
            continue
        return conn
    raise WrongPassphrase("that passphrase does not open this database")


def _has_records(path: Path | str) -> bool:
    """A database file with something in it (the lock may have made an empty one)."""
    candidate = Path(path)
    return candidate.exists() and candidate.stat().st_size > 0


def open_database(path: Path | str, passphrase: str | None = None) -> Records:
    """Open (creating if needed) the database at ``path``, migrated and durable.

    WAL keeps readers and the writer apart, ``synchronous=FULL`` makes every
    commit reach the disk before it returns, and foreign keys are enforced.
    With ``passphrase`` the file is (or becomes) encrypted; a new file only
    with a passphrase :func:`check_new_passphrase` accepts (WeakPassphrase).
    """
    if str(path) != ":memory:":
        folder = Path(path).parent
        private_dir(folder)
        if passphrase is None and is_encrypted(path):
            raise WrongPassphrase("this database is encrypted: a passphrase is needed")
        if passphrase is not None and not _has_records(path):
            passphrase = check_new_passphrase(passphrase)
    db = Records(_connect(path, passphrase))
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    # after each checkpoint the WAL file shrinks back: on a nearly full disk a
    # WAL that kept its size would hold on to the very space the queue needs
    db.execute("PRAGMA journal_size_limit=1048576")
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)  # no schema look-ups when PRAGMA user_version says it is current
    if str(path) != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{path}{suffix}")
            if candidate.exists():
                os.chmod(candidate, 0o600)
    return db


def encrypt_database(path: Path, passphrase: str) -> None:
    """Turn the plain database at ``path`` into an encrypted one, in place.

    The data is copied into a new encrypted file beside it, which then takes
    the old file's place in one rename; the plain file is overwritten by it.
    """
    passphrase = check_new_passphrase(passphrase)  # ValueError (WeakPassphrase) if unfit
    if is_encrypted(path):
        raise ValueError("This database is already encrypted.")
    plain = sqlite3.connect(str(path))
    plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain.execute("PRAGMA journal_mode=DELETE")
    version = int(plain.execute("PRAGMA user_version").fetchone()[0])
    plain.close()
    import sqlcipher3

    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"ATTACH DATABASE {_quote(str(target))} AS encrypted KEY {_quote(passphrase)}")
    conn.execute("SELECT sqlcipher_export('encrypted')")
    # the export copies the tables, not the header's schema version: a reader
    # would take the new file for one from an earlier pap-guide
    conn.execute(f"PRAGMA encrypted.user_version = {version}")
    conn.execute("DETACH DATABASE encrypted")
    conn.close()
    os.chmod(target, 0o600)
    target.replace(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def connect(path: Path | str, passphrase: str | None = None, query: str = "") -> Any:
    """A connection as the app makes one, keyed, but nothing migrated (for checks);
    ``query`` opens it through an SQLite URI (``mode=ro``)."""
    return _connect(path, passphrase, query)


class DatabaseProblem(RuntimeError):
    """The database cannot be used as it is; the message says why and what to do."""


def sqlite_errors(name: str) -> tuple[type[Exception], ...]:
    """SQLite's error class ``name`` ("DatabaseError", "OperationalError"), and
    SQLCipher's of that name (an unrelated class) once SQLCipher is loaded.

    Only once it is loaded (an encrypted file): before that none of its errors
    can have been raised, and a plain start does not load it (6 to 26 ms).
    Cheap enough for an ``except`` clause, whose classes are looked up only as
    an exception passes it.
    """
    plain: type[Exception] = getattr(sqlite3, name)
    dbapi2 = sys.modules.get("sqlcipher3.dbapi2")
    return (plain, getattr(dbapi2, name)) if dbapi2 is not None else (plain,)


def open_failures() -> tuple[type[Exception], ...]:
    """How opening a file fails: SQLite's and SQLCipher's errors, and the OS's."""
    return (*sqlite_errors("DatabaseError"), OSError)


def open_records(path: Path | str, passphrase: str | None = None) -> Records:
    """:func:`open_database`, with every way a file can fail said in one plain sentence."""
    try:
        return open_database(path, passphrase)
    except WrongPassphrase:
        raise
    except Exception as exc:
        if not isinstance(exc, open_failures()):
            raise
        raise DatabaseProblem(problem_text(Path(path), exc)) from exc


def read_only_disk(path: Path) -> bool:
    """The file system holding ``path`` is mounted read-only."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _nearly_full(path: Path) -> bool:
    """Less free space than SQLite needs to open a database and write its journal."""
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def problem_text(path: Path, exc: Exception) -> str:
    text = str(exc)
    if read_only_disk(path) or "readonly" in text or "read-only" in text.lower():
        return (
            f"The database {path} is read-only here: make the disk and the file writable "
            "for this user, then start pap-guide again."
        )
    if "full" in text or ("I/O" in text and _nearly_full(path)):  # SQLite says I/O when
        # the disk is full as it opens (its journal cannot be written), not 'full'
        return f"The disk holding {path} is full: free some space, then start pap-guide again."
    if "I/O" in text:
        return (
            f"The disk holding {path} reports an I/O error: copy the file to another disk "
            "and check this one, then start pap-guide again; pap-guide has not changed it."
        )
    if "locked" in text or "busy" in text:
        return (
            f"The database {path} is locked by another program: close it, then start "
            "pap-guide again."
        )
    if "unable to open" in text or isinstance(exc, OSError):
        return (
            f"The database {path} cannot be opened ({text}): check the folder exists and "
            "is writable for this user."
        )
    return (
        f"The database {path} is damaged or is not a pap-guide database ({text}). Keep a "
        "copy of the file and contact support before a session; pap-guide has not changed it."
    )
