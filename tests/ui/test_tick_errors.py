"""A tick that raises (a panel's bug) never stops the clock.

The ticker's timer is single-shot and was re-armed only after the tick
returned: one exception in any panel's redraw froze the clock, the due check
and the music's phase changes for good, while the error hook's message said
the clock goes on.
"""

from __future__ import annotations

import sys

from tests.helpers.ui import begin, child


def test_a_tick_that_raises_every_second_is_said_once_and_the_clock_goes_on(
    make_window, fake_clock, qtbot, monkeypatch
):
    window = make_window()
    begin(window)
    said: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: said.append(error))
    ticks: list[object] = []

    def broken(_tick: object) -> None:
        raise RuntimeError("a panel's bug")

    window.runner._listeners.insert(0, broken)  # before the window's own: it still ticks
    window.runner.subscribe(ticks.append)
    clock = child(window, "sessionClock")
    fake_clock.advance(65)
    qtbot.waitUntil(lambda: len(ticks) >= 1, timeout=3000)
    qtbot.waitUntil(lambda: clock.text() == "T+00:01:05", timeout=3000)
    fake_clock.advance(60)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=4000)
    assert clock.text() == "T+00:02:05"
    assert [str(error) for error in said] == ["a panel's bug"]  # once, not every second


def test_a_new_error_after_a_tick_that_worked_is_said_again(make_window, qtbot, monkeypatch):
    window = make_window()
    begin(window)
    said: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: said.append(error))
    failing = [True]
    ticks: list[object] = []

    def sometimes(_tick: object) -> None:
        ticks.append(_tick)
        if failing[0]:
            raise ValueError("again")

    window.runner.subscribe(sometimes)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=3000)
    failing[0] = False
    seen = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) > seen, timeout=3000)
    failing[0] = True
    qtbot.waitUntil(lambda: len(said) == 2, timeout=3000)
