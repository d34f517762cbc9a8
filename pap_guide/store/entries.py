"""Monitor log entries in SQLite: rows in, core entries out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pap_guide.core.entries import Entry
from pap_guide.store.connection import Records


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
    def __init__(self, db: Records) -> None:
        self.db = db

    def entries(self, session_id: int, kind: str | None = None) -> list[Entry]:
        """A session's entries (of one ``kind`` only, if given: amendments keep the kind)."""
        # one plain statement (sqlite-utils' rows_where looks the table's schema up first),
        # each row made straight into an Entry: at 10,000 entries this is the session's open
        cursor = self.db.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM entries "
            "WHERE session_id = ? AND (? IS NULL OR kind = ?) ORDER BY id",
            [session_id, kind, kind],
        )
        loads, when = json.loads, datetime.fromisoformat
        return [
            Entry(
                kind=kind_,
                utc=when(utc),
                session_seconds=seconds,
                phase=phase,
                author=author,
                data=loads(data),
                track=track,
                amends=amends,
                struck=bool(struck),
                reason=reason or "",
                flags=() if flags == "[]" else tuple(loads(flags)),
                session_id=session,
                id=row_id,
            )
            for (
                kind_, utc, seconds, phase, author, data, track, amends, struck, reason, flags,
                session, row_id,
            ) in cursor.fetchall()
        ]  # fmt: skip


COLUMNS = (
    "kind", "utc", "session_seconds", "phase", "author", "data", "track", "amends", "struck",
    "reason", "flags", "session_id", "id",
)  # fmt: skip
