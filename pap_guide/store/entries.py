"""Monitor log entries in SQLite: rows in, core entries out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from pap_guide.core.entries import Entry


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        kind=row["kind"],
        utc=datetime.fromisoformat(row["utc"]),
        session_seconds=row["session_seconds"],
        phase=row["phase"],
        author=row["author"],
        data=json.loads(row["data"]),
        track=row["track"],
        amends=row["amends"],
        struck=bool(row["struck"]),
        reason=row["reason"] or "",
        flags=tuple(json.loads(row["flags"])),
        session_id=row["session_id"],
        id=row["id"],
    )


def entry_row(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "session_id": entry.session_id,
        "kind": entry.kind,
        "utc": entry.utc.isoformat(),
        "session_seconds": entry.session_seconds,
        "phase": entry.phase,
        "author": entry.author,
        "data": json.dumps(entry.data, sort_keys=True),
        "track": entry.track,
        "amends": entry.amends,
        "struck": int(entry.struck),
        "reason": entry.reason,
        "flags": json.dumps(list(entry.flags)),
    }


class EntryRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def entries(self, session_id: int, kind: str | None = None) -> list[Entry]:
        """A session's entries (of one ``kind`` only, if given: amendments keep the kind)."""
        # one plain statement: sqlite-utils' rows_where looks the table's schema up first
        cursor = self.db.conn.execute(
            "SELECT * FROM entries WHERE session_id = ? AND (? IS NULL OR kind = ?) ORDER BY id",
            [session_id, kind, kind],
        )
        names = [d[0] for d in cursor.description]
        return [_entry(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
