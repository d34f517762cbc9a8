"""Sessions and their events in SQLite: rows in, core dataclasses out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pap_guide.core.patient_codes import code_key
from pap_guide.core.session import Event, EventKind, SessionRecord
from pap_guide.store.connection import Records


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _record(row: dict[str, Any]) -> SessionRecord:
    created = _time(row["created_utc"])
    assert created is not None
    return SessionRecord(
        id=row["id"],
        protocol_key=row["protocol_key"],
        created=created,
        rehearsal=bool(row["rehearsal"]),
        speed=row["speed"],
        anchor=_time(row["anchor_utc"]),
        patient=row.get("patient_code") or "",
        session_type=row.get("session_type") or "dosing",
    )


def _event(row: dict[str, Any]) -> Event:
    utc = _time(row["utc"])
    assert utc is not None
    return Event(
        kind=EventKind(row["kind"]),
        utc=utc,
        session_seconds=row["session_seconds"],
        phase=row["phase"],
        data=json.loads(row["data"]),
        id=row["id"],
    )


def session_row(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "protocol_key": record.protocol_key,
        "created_utc": record.created.isoformat(),
        "rehearsal": int(record.rehearsal),
        "speed": record.speed,
        "anchor_utc": record.anchor.isoformat() if record.anchor else None,
        "patient_code": record.patient,
        "session_type": record.session_type,
    }


def event_row(session_id: int, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "session_id": session_id,
        "kind": str(event.kind),
        "utc": event.utc.isoformat(),
        "session_seconds": event.session_seconds,
        "phase": event.phase,
        "data": json.dumps(event.data, sort_keys=True),
    }


class SessionRepository:
    """Reads sessions and their events (actions write them: store/actions.py)."""

    def __init__(self, db: Records) -> None:
        self.db = db

    def events(self, session_id: int) -> list[Event]:
        rows = self.db.rows("events", "session_id = ?", [session_id])
        return [_event(row) for row in rows]

    def session(self, session_id: int) -> SessionRecord | None:
        rows = self.db.rows("sessions", "id = ?", [session_id])
        return _record(rows[0]) if rows else None

    def sessions(self) -> list[SessionRecord]:
        return [_record(row) for row in self.db.rows("sessions")]

    def ended_ids(self) -> set[int]:
        rows = self.db.execute(
            "SELECT session_id FROM events WHERE kind = ?", [EventKind.ENDED.value]
        )
        return {int(row[0]) for row in rows.fetchall()}

    def open_session(self) -> SessionRecord | None:
        """The newest session that has no end event."""
        rows = self.db.query(
            "SELECT * FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM events e "
            "WHERE e.session_id = s.id AND e.kind = ?) ORDER BY s.id DESC LIMIT 1",
            [EventKind.ENDED],
        )
        found = next(iter(rows), None)
        return _record(found) if found else None

    def latest_session(self) -> SessionRecord | None:
        """The newest session, open or ended."""
        found = next(iter(self.db.query("SELECT * FROM sessions ORDER BY id DESC LIMIT 1")), None)
        return _record(found) if found else None

    def patient_sessions(self, patient: str) -> list[SessionRecord]:
        """The sessions of one patient (their program), oldest first; "p-0142" is
        P-0142 (the code typed otherwise once split the program in two, and made a
        second session the patient's first at the centre)."""
        # SQLite's NOCASE folds only A-Z: codes with other letters are compared here
        if patient.isascii():
            where = "patient_code = ? COLLATE NOCASE OR patient_code GLOB ?"
            rows = self.db.rows("sessions", where, [patient, "*[^ -~]*"])
        else:
            rows = self.db.rows("sessions")
        wanted = code_key(patient)
        return [_record(row) for row in rows if code_key(row["patient_code"] or "") == wanted]
