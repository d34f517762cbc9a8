"""Committing actions: all the rows of one action in one transaction.

Row ids come with the action (the recorder hands them out), so a commit
that failed half-way and is tried again writes exactly the same rows, and
an action already committed (its key is in ``actions``) is not written twice.
Only the disk's and the database's refusals become ``StoreRefused``; any
other error is a bug and goes up as it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pap_guide.core.actions import TABLES, Action, Stamp, StoreRefused
from pap_guide.store import chain
from pap_guide.store.connection import Records
from pap_guide.store.database import sqlite_errors
from pap_guide.store.entries import entry_row
from pap_guide.store.plays import play_end_row, play_row
from pap_guide.store.sessions import event_row, session_row


def refusals() -> tuple[type[Exception], ...]:
    """How a write is refused: OperationalError of plain SQLite and of SQLCipher."""
    return sqlite_errors("OperationalError")


def refusal_reason(exc: Exception) -> str:
    """The disk's refusal in plain words."""
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only"
    if "locked" in text or "busy" in text:
        return "the database is locked by another program"
    if "I/O" in text:
        return "the disk reports an I/O error"
    return f"the database refused the write ({text})"


class ActionRepository:
    def __init__(self, db: Records) -> None:
        self.db = db

    def last_ids(self) -> dict[str, int]:
        found = {}
        for table in TABLES:
            row = self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            found[table] = int(row[0])
        return found

    def last_stamp(self, session_id: int) -> Stamp | None:
        """When the session's last saved action was taken, on every clock."""
        row = self.db.execute(
            "SELECT utc, session_seconds, boot_id, boottime FROM actions "
            "WHERE session_id = ? ORDER BY rowid DESC LIMIT 1",
            [session_id],
        ).fetchone()
        if row is None:
            return None
        utc, seconds, boot_id, boottime = row
        return Stamp(datetime.fromisoformat(utc), seconds, None, boot_id or "", boottime)

    def commit(self, action: Action) -> None:
        try:
            with self.db.conn:  # one transaction: all of it or none of it
                if self._committed(action.key):
                    return
                self._insert(action)
        except refusals() as exc:
            raise StoreRefused(refusal_reason(exc)) from exc

    def _committed(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM actions WHERE key = ?", [key]).fetchone() is not None

    def _insert(self, action: Action) -> None:
        stamp = action.stamp
        rows: list[tuple[str, dict[str, Any]]] = [
            (
                "actions",
                {
                    "key": action.key,
                    "session_id": action.session_id,
                    "what": action.what,
                    "utc": stamp.utc.isoformat(),
                    "session_seconds": stamp.session_seconds,
                    "boot_id": stamp.boot_id,
                    "boottime": stamp.boottime,
                    "rows": action.rows(),
                },
            )
        ]
        if action.session is not None:
            rows.append(("sessions", session_row(action.session)))
        rows += [("events", event_row(action.session_id, e)) for e in action.events]
        rows += [("entries", entry_row(e)) for e in action.entries]
        rows += [("plays", play_row(p)) for p in action.plays]
        rows += [("plays", play_end_row(end)) for end in action.play_ends]
        conn = self.db.conn
        for table, row in rows:
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cursor = conn.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
            )
            assert cursor.lastrowid is not None
            chain.append(conn, table, cursor.lastrowid)
