"""The session runner: one tick of a session, with no Qt in it.

Once a second (and at once after anything the guide or the monitor does) the
runner tries the waiting actions again, looks for a wall-clock jump, keeps
the music in step with the session and works out the due vitals check; then
it hands one :class:`Tick` to whoever subscribed (the window). Nothing here
depends on a widget redrawing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pap_guide.core.checks import CheckStatus
from pap_guide.core.conductor import Conductor
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import LogBook
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import SessionState

RETRY_TICKS = 5  # the disk is asked again every fifth tick (about every 5 s)


@dataclass(frozen=True)
class Tick:
    """Where the session stands after one tick."""

    state: SessionState | None
    check: CheckStatus | None  # the next due vitals check
    pending: int  # actions waiting for the disk
    pending_text: str  # what the window says about them ('' when none)
    jump: float  # a wall-clock jump found in this tick (seconds, 0 if none)
    fixed: bool = False  # that jump set right the clock a restart could not check


class SessionRunner:
    def __init__(
        self,
        controller: SessionController,
        recorder: Recorder,
        logbook: LogBook | None = None,
        conductor: Conductor | None = None,
    ) -> None:
        self.controller = controller
        self.recorder = recorder
        self.logbook = logbook
        self.conductor = conductor
        self._listeners: list[Callable[[Tick], None]] = []
        self._ticks = 0

    def subscribe(self, listener: Callable[[Tick], None]) -> None:
        self._listeners.append(listener)

    def tick(self, *, retry: bool = False) -> Tick:
        """One tick; ``retry`` asks the disk again now rather than on the schedule."""
        self._ticks += 1
        if self.recorder.pending and (retry or self._ticks % RETRY_TICKS == 0):
            self.recorder.flush()
        jump = self.controller.check_clock()
        controller = self.controller
        state = controller.state()
        if self.conductor is not None:
            self.conductor.update(controller.session, controller.protocol, state)
        found = Tick(
            state,
            self.logbook.check() if self.logbook is not None else None,
            len(self.recorder.pending) + len(self.recorder.broken),
            self.recorder.summary(),
            jump,
            self.controller.fixed,
        )
        failed: Exception | None = None
        for listener in self._listeners:
            try:
                listener(found)
            except Exception as error:  # the others (the clock among them) still get the tick
                failed = failed or error
        if failed is not None:
            raise failed
        return found

    def seconds_to_boundary(self, state: SessionState | None = None) -> float | None:
        """Real seconds to the next phase boundary (a rehearsal clock runs faster).

        ``state``: the one a tick just worked out, rather than working it out again.
        """
        state = self.controller.state() if state is None else state
        if state is None or state.ended or state.time_to_next is None:
            return None
        session = self.controller.session
        speed = session.speed if session is not None else 1.0
        return state.time_to_next / speed
