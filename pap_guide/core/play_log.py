"""The music's history as actions: each track start and end one action of the record."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Protocol

from pap_guide.core.actions import Action, Stamp
from pap_guide.core.clock import Clock
from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.recorder import Recorder


class PlayReader(Protocol):
    def plays(self, session_id: int) -> list[Play]: ...
    def ends(self, session_id: int) -> list[PlayEnd]: ...


class RecordedPlays:
    """The conductor's history: each track start and end one action of the record."""

    def __init__(self, recorder: Recorder, reader: PlayReader, clock: Clock) -> None:
        self.recorder, self.reader, self.clock = recorder, reader, clock

    def track_started(self, play: Play) -> Play:
        started = replace(play, id=self.recorder.new_id("plays"))
        self._submit(
            "track start",
            started.session_id,
            started.session_seconds,
            started.phase,
            plays=(started,),
        )
        return started

    def track_ended(self, play: Play, utc: datetime, session_seconds: float, reason: str) -> None:
        end = PlayEnd(play, utc, session_seconds, reason, id=self.recorder.new_id("plays"))
        self._submit("track end", play.session_id, session_seconds, play.phase, play_ends=(end,))

    def plays(self, session_id: int) -> list[Play]:
        return self.reader.plays(session_id)

    def last_end_reason(self, session_id: int) -> str:
        """Why the session's last track ended ('' if it has no end yet)."""
        starts = self.reader.plays(session_id)
        if not starts:
            return ""
        last = starts[-1].id
        return next((e.reason for e in self.reader.ends(session_id) if e.start.id == last), "")

    def _submit(
        self,
        what: str,
        session_id: int,
        seconds: float,
        phase: str,
        plays: tuple[Play, ...] = (),
        play_ends: tuple[PlayEnd, ...] = (),
    ) -> None:
        when = Stamp(self.clock.now(), seconds, phase, self.clock.boot_id(), self.clock.boottime())
        self.recorder.submit(Action(what, when, session_id, plays=plays, play_ends=play_ends))
