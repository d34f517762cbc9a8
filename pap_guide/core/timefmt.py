"""Plain text for session times."""

from __future__ import annotations

import math


def clock_text(total: float, *, seconds: bool = True) -> str:
    """``H:MM:SS`` (or ``H:MM``) for a duration; negative values get a minus sign."""
    sign = "-" if total < 0 else ""
    whole = math.floor(abs(total))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if seconds:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{hours}:{minutes:02d}"


def session_clock_text(elapsed: float | None) -> str:
    """The big clock: ``T+HH:MM:SS`` after the dose, ``Pre-dose`` before it."""
    if elapsed is None:
        return "Pre-dose"
    whole = math.floor(max(0.0, elapsed))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"T+{hours:02d}:{minutes:02d}:{secs:02d}"


def duration_text(total: float) -> str:
    """A spoken-style duration: ``under 1 min``, ``26 min``, ``1 h 05 min``."""
    minutes = int(max(0.0, total) // 60)
    if minutes < 1:
        return "under 1 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
