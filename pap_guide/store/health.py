"""Looking at a database file the way the app opens it, without changing it.

For ``pap-guide doctor``: the key opens it, SQLite's integrity check, the
hash chain, and a write that is rolled back (the only proof that the disk,
the file and its lock really take a write).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pap_guide.store import chain
from pap_guide.store.actions import refusal_reason, refusals
from pap_guide.store.chain_pin import check_pin
from pap_guide.store.database import WrongPassphrase, connect


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str
    fix: str = ""


FIX_COPY = "keep a copy of the file and contact support before a session"


def check_records(path: Path, passphrase: str | None) -> list[Check]:
    try:
        conn = connect(path, passphrase)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except WrongPassphrase as exc:
        return [Check(False, f"database cannot be opened: {exc}", "give the right passphrase")]
    except Exception as exc:  # not a database, a corrupt header: the finding itself
        return [Check(False, f"database cannot be opened: {exc}", FIX_COPY)]
    try:
        return [_integrity(conn), _chain(conn, path), _probe(conn)]
    finally:
        conn.close()


def _integrity(conn: Any) -> Check:
    try:
        result = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except Exception as exc:
        result = str(exc)
    return Check(result == "ok", f"database integrity: {result}", FIX_COPY)


def _chain(conn: Any, path: Path) -> Check:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "ledger" not in tables:
        return Check(
            True,
            "record hash chain not built yet: an older database, chained at the app's next start",
        )
    try:
        broken = chain.verify(conn)
    except Exception as exc:  # a table missing or unreadable is a break too
        return Check(False, f"record hash chain cannot be read: {exc}", FIX_COPY)
    if broken is not None:
        return Check(False, f"record hash chain: {broken.text()}", FIX_COPY)
    cut = check_pin(conn, path)
    if cut is not None:
        return Check(False, f"record hash chain: {cut.text()}", FIX_COPY)
    return Check(True, f"record hash chain intact (head sha256:{chain.head(conn)[:16]})")


def _probe(conn: Any) -> Check:
    """Write and roll back: proves the file, the folder and the disk take a write."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('doctor-probe', 'x')")
        conn.execute("ROLLBACK")
    except refusals() as exc:
        return Check(False, f"database does not take a write: {refusal_reason(exc)}", _fix(exc))
    return Check(True, "database takes a write (tried and rolled back)")


def _fix(exc: Exception) -> str:
    reason = refusal_reason(exc)
    if "full" in reason:
        return "free some space on this disk"
    if "read-only" in reason:
        return "make the disk and the database file writable for this user"
    if "locked" in reason:
        return "close the other program that has the database open"
    return FIX_COPY
