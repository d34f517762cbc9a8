"""An in-memory session store for core tests."""

from __future__ import annotations

from collections.abc import Mapping

from pap_guide.core.actions import Action
from pap_guide.core.clock import Clock
from pap_guide.core.controller import SessionController
from pap_guide.core.patient_codes import code_key
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import Event, EventKind, SessionRecord


class MemoryStore:
    def __init__(self) -> None:
        self.sessions: list[SessionRecord] = []
        self._events: dict[int, list[Event]] = {}

    def last_ids(self) -> dict[str, int]:
        events = [e.id or 0 for found in self._events.values() for e in found]
        return {"sessions": len(self.sessions), "events": max(events, default=0)}

    def commit(self, action: Action) -> None:
        if action.session is not None:
            self.sessions.append(action.session)
            self._events[action.session.id] = []
        self._events[action.session_id].extend(action.events)

    def events(self, session_id: int) -> list[Event]:
        return list(self._events[session_id])

    def open_session(self) -> SessionRecord | None:
        for record in reversed(self.sessions):
            if not any(e.kind == EventKind.ENDED for e in self._events[record.id]):
                return record
        return None

    def latest_session(self) -> SessionRecord | None:
        return self.sessions[-1] if self.sessions else None

    def patient_sessions(self, patient: str) -> list[SessionRecord]:
        return [s for s in self.sessions if code_key(s.patient) == code_key(patient)]


def memory_controller(
    clock: Clock, protocols: Mapping[str, SessionProtocol], store: MemoryStore | None = None
) -> SessionController:
    """A controller over an in-memory store, recording through its own recorder."""
    store = store or MemoryStore()
    return SessionController(clock, store, protocols, Recorder(store))
