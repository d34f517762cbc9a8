"""Writing rows the way the app does (as actions), for store tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from pap_guide.core.actions import Action, Stamp
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import Event, SessionRecord
from pap_guide.store.actions import ActionRepository
from pap_guide.store.connection import Records


class Writer:
    def __init__(self, db: Records) -> None:
        self.recorder = Recorder(ActionRepository(db))

    def session(
        self,
        protocol_key: str,
        created: datetime,
        rehearsal: bool = False,
        speed: float = 1.0,
        anchor: datetime | None = None,
        patient: str = "",
        session_type: str = "dosing",
    ) -> SessionRecord:
        record = SessionRecord(
            self.recorder.new_id("sessions"),
            protocol_key,
            created,
            rehearsal,
            speed,
            anchor,
            patient,
            session_type,
        )
        self._commit(Action("session set-up", Stamp(created, None, None), record.id, record))
        return record

    def event(self, session_id: int, event: Event) -> Event:
        saved = replace(event, id=self.recorder.new_id("events"))
        stamp = Stamp(event.utc, event.session_seconds, event.phase)
        self._commit(Action(str(event.kind), stamp, session_id, events=(saved,)))
        return saved

    def _commit(self, action: Action) -> None:
        self.recorder.submit(action)
        assert not self.recorder.pending, self.recorder.problem
