"""Clocks: the only way the core learns the time.

A clock gives two readings: ``now()``, the wall-clock time in UTC, which
anchors the session to the recorded dose, and ``monotonic()``, seconds on a
clock that nobody can set. The monotonic reading includes time spent in
laptop sleep where the platform offers that (Linux ``CLOCK_BOOTTIME``), so a
difference between the two readings means someone (or NTP) moved the wall
clock, not that the laptop slept.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    """What the core needs from a clock."""

    def now(self) -> datetime:
        """Current wall-clock time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward (sleep included)."""
        ...

    def boot_id(self) -> str:
        """The kernel's id of this boot ('' where there is none)."""
        ...

    def boottime(self) -> float:
        """Real seconds since boot, suspend included (never sped up)."""
        ...


BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


@functools.cache
def _boot_id() -> str:
    """Read once: a process never outlives its boot, and every saved stamp carries it."""
    try:
        return BOOT_ID_FILE.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _boot_monotonic() -> float:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


class SystemClock:
    """The real clock of the machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return _boot_monotonic()

    def boot_id(self) -> str:
        return _boot_id()

    def boottime(self) -> float:
        return _boot_monotonic()


@dataclass
class FakeClock:
    """A clock for tests: it moves only when told to."""

    wall: datetime = field(default_factory=lambda: datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    mono: float = 1000.0
    boot: str = "fake-boot"

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def boot_id(self) -> str:
        return self.boot

    def boottime(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both readings."""
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock, as a user or NTP would."""
        self.wall += timedelta(seconds=seconds)


class RehearsalClock:
    """A clock that runs ``speed`` times faster than ``base`` from ``anchor``.

    Virtual time is a pure function of the base clock's time, so a rehearsal
    resumed after a restart (with the same anchor and speed) is where it
    would have been had the app kept running.
    """

    def __init__(self, base: Clock, speed: float, anchor: datetime) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.base = base
        self.speed = speed
        self.anchor = anchor
        self._mono_anchor = base.monotonic()

    def now(self) -> datetime:
        real = self.base.now() - self.anchor
        return self.anchor + real * self.speed

    def monotonic(self) -> float:
        return self._mono_anchor + (self.base.monotonic() - self._mono_anchor) * self.speed

    def boot_id(self) -> str:
        return self.base.boot_id()

    def boottime(self) -> float:
        return self.base.boottime()


class JumpDetector:
    """Spots wall-clock jumps by comparing the two readings of a clock.

    Each ``check()`` returns how far the wall clock moved beyond the
    monotonic clock since the previous check (seconds, positive forward),
    or 0.0 when the difference stays within ``tolerance``.
    """

    def __init__(self, clock: Clock, tolerance: float = 5.0) -> None:
        self.clock = clock
        self.tolerance = tolerance
        self._wall = clock.now()
        self._mono = clock.monotonic()

    def check(self) -> float:
        wall, mono = self.clock.now(), self.clock.monotonic()
        drift = (wall - self._wall).total_seconds() - (mono - self._mono)
        self._wall, self._mono = wall, mono
        return drift if abs(drift) > self.tolerance else 0.0
