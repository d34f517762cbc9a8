"""The conductor driven as the window's ticks drive it, on a session clock in real time."""

from __future__ import annotations

import time

from pap_guide.core.clock import FakeClock
from pap_guide.core.conductor import Conductor
from pap_guide.core.controller import SessionController


def conduct_for(
    seconds: float, conductor: Conductor, controller: SessionController, clock: FakeClock, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Start the controller's "plan" session and update the conductor every 100 ms."""
    controller.start("plan")
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        clock.advance(0.1)  # the session clock in step with real time
        conductor.update(controller.session, controller.protocol, controller.state())
        qtbot.wait(100)
