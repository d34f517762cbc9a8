"""Fade curves and ramps: how loudness changes over time.

A crossfade uses equal-power curves: the outgoing side follows
``cos(x * pi/2)`` and the incoming side ``sin(x * pi/2)``, so for two
unrelated pieces of music the total power stays between that of the two
sides: it never dips to silence and never rises above the louder side.
A ramp is evaluated from a clock reading, not stepped, so a late timer tick
moves further along the same curve and never overshoots.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def curve(x: float) -> float:
    """Progress 0..1 of an equal-power rise at ``x`` (clamped to 0..1)."""
    return math.sin(min(1.0, max(0.0, x)) * math.pi / 2)


@dataclass(frozen=True)
class Ramp:
    """A gain moving from ``start`` to ``end`` over ``seconds`` from time ``t0``.

    Rising ramps follow ``sin``, falling ones ``cos``: both are equal-power.
    """

    start: float
    end: float
    t0: float
    seconds: float

    @classmethod
    def hold(cls, gain: float) -> Ramp:
        return cls(gain, gain, 0.0, 0.0)

    def value(self, now: float) -> float:
        if self.seconds <= 0 or now >= self.t0 + self.seconds:
            return self.end
        x = (now - self.t0) / self.seconds
        if self.end >= self.start:
            return self.start + (self.end - self.start) * curve(x)
        # falling: follow cos so that a sin rise plus a cos fall keep equal power
        return self.end + (self.start - self.end) * curve(1.0 - x)

    def done(self, now: float) -> bool:
        return now >= self.t0 + self.seconds


def clamp_volume(value: float) -> float:
    """A volume between 0 and 1; anything else (NaN included) is pulled inside."""
    if not math.isfinite(value):
        return 0.0
    return min(1.0, max(0.0, value))
