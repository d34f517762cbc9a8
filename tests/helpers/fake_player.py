"""A recording stand-in for the Player, and an in-memory play history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pap_guide.core.plays import Play


class FakePlayer:
    def __init__(self) -> None:
        self.state = "stopped"
        self.calls: list[tuple] = []
        self.played = 0.0
        self.length: float | None = 40.0
        self.gains: list[tuple[str, float, float]] = []
        self.current: Path | None = None

    def play(
        self, path: Path, target: float, fade: float, gain: float = 1.0, start: float = 0.0
    ) -> None:
        self.calls.append(("play", path.name, target, fade))
        self.gains.append((path.name, gain, start))
        self.current = path
        self.state, self.played = "playing", start

    def pause(self, fade: float = 0.8) -> None:
        self.calls.append(("pause",))
        self.state = "paused"

    def hush(self, fade: float = 3.0) -> None:
        self.calls.append(("hush",))
        self.state = "hushed"

    def resume(self, fade: float | None = None) -> None:
        self.calls.append(("resume",))
        self.state = "playing"

    def stop(self, fade: float = 0.8) -> None:
        self.calls.append(("stop", fade))
        self.state = "stopped"

    def position(self) -> tuple[float | None, float | None]:
        return (self.played, self.length) if self.state != "stopped" else (None, None)

    def poll(self) -> None:
        pass

    def current_path(self) -> Path | None:
        return self.current if self.state != "stopped" else None

    def set_gain(self, gain: float, seconds: float) -> None:
        self.calls.append(("set_gain", gain, seconds))

    def plays(self) -> list[str]:
        return [c[1] for c in self.calls if c[0] == "play"]


class MemoryHistory:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self._plays: list[Play] = []
        self._reasons: dict[int | None, str] = {}

    def track_started(self, play: Play) -> Play:
        saved = replace(play, id=len(self.rows) + 1)
        self.rows.append(("start", play.phase, play.path.name))
        self._plays.append(saved)
        return saved

    def track_ended(self, play: Play, utc: datetime, session_seconds: float, reason: str) -> None:
        self.rows.append(("end", play.phase, play.path.name, reason))
        self._reasons[play.id] = reason

    def last_end_reason(self, session_id: int) -> str:
        plays = self.plays(session_id)
        return self._reasons.get(plays[-1].id, "") if plays else ""

    def plays(self, session_id: int) -> list[Play]:
        return [p for p in self._plays if p.session_id == session_id]
