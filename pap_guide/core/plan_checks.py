"""Checking the tables of a protocol file: one set of rules for every part of it.

Each check raises :class:`PlanError` with the place in the file and what is
wrong there; :func:`pap_guide.core.protocol.parse_protocol` names the file.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any


class PlanError(ValueError):
    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place, self.problem = place, problem


def number(value: Any, place: str, minimum: float = 0.0) -> float:
    """A finite number, not below ``minimum`` (booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PlanError(place, f"must be a number, not {value!r}")
    if not math.isfinite(value):
        raise PlanError(place, "must be a finite number")
    if value < minimum:
        problem = "must not be negative" if minimum == 0 else f"must not be below {minimum:g}"
        raise PlanError(place, f"{problem}, got {value:g}")
    return float(value)


def text(value: Any, place: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PlanError(place, "must be non-empty text")
    return value.strip()


def texts(raw: Any, place: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise PlanError(place, "must be a list of text")
    return tuple(x.strip() for x in raw)


def table(
    raw: Any, allowed: Collection[str], place: str, required: Collection[str] = ()
) -> Mapping[str, Any]:
    """A table with only ``allowed`` keys and every ``required`` one."""
    if not isinstance(raw, dict):
        raise PlanError(place, "must be a table")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise PlanError(
            place, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(set(required) - set(raw))
    if missing:
        raise PlanError(place, f"missing required key {missing[0]!r}")
    return raw
