"""Monitor log entries in SQLite; each save commits before it returns."""

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


class EntryRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add_entry(self, session_id: int, entry: Entry) -> Entry:
        row = {
            "session_id": session_id,
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
        with self.db.atomic():
            row_id = self.db.table("entries").insert(row).last_pk
        return _entry({**row, "id": row_id})

    def entries(self, session_id: int) -> list[Entry]:
        rows = self.db.table("entries").rows_where("session_id = ?", [session_id], order_by="id")
        return [_entry(row) for row in rows]
