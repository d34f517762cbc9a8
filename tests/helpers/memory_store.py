"""An in-memory session store for core tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from pap_guide.core.session import ENDED, Event, SessionRecord


class MemoryStore:
    def __init__(self) -> None:
        self.sessions: list[SessionRecord] = []
        self._events: dict[int, list[Event]] = {}

    def create_session(
        self,
        protocol_key: str,
        created: datetime,
        rehearsal: bool,
        speed: float,
        anchor: datetime | None,
        patient: str = "",
        session_type: str = "dosing",
    ) -> SessionRecord:
        record = SessionRecord(
            len(self.sessions) + 1,
            protocol_key,
            created,
            rehearsal,
            speed,
            anchor,
            patient,
            session_type,
        )
        self.sessions.append(record)
        self._events[record.id] = []
        return record

    def add_event(self, session_id: int, event: Event) -> Event:
        saved = replace(event, id=sum(map(len, self._events.values())) + 1)
        self._events[session_id].append(saved)
        return saved

    def events(self, session_id: int) -> list[Event]:
        return list(self._events[session_id])

    def open_session(self) -> SessionRecord | None:
        for record in reversed(self.sessions):
            if not any(e.kind == ENDED for e in self._events[record.id]):
                return record
        return None

    def patient_sessions(self, patient: str) -> list[SessionRecord]:
        return [s for s in self.sessions if s.patient == patient]
