"""What a protocol says about monitoring: checks, alert limits, tags, scales.

Read from the protocol's ``[vitals]``, ``[vitals.alert]``, ``observations``
and ``[[ratings]]``. Problems raise :class:`PlanError` with the place and the
problem; the protocol loader adds the file name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pap_guide.core.checks import CheckPlan, parse_check_plan
from pap_guide.core.vitals import FIELDS, AlertLimits, parse_alert_limits

DEFAULT_OBSERVATIONS = (
    "nausea",
    "anxiety",
    "emotional release",
    "restroom",
    "water",
    "eyeshades off",
)
VITALS_KEYS = {"every_minutes", "at_minutes", "before_end_minutes", "grace_minutes", "alert"}
ALERT_KEYS = {f"{name}_{end}" for name in FIELDS for end in ("min", "max")} | {
    "repeat_minutes",
    "source",
}
RATING_KEYS = {"name", "low", "high", "description"}


class PlanError(ValueError):
    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place, self.problem = place, problem


@dataclass(frozen=True)
class RatingScale:
    name: str
    low: int
    high: int
    description: str = ""


@dataclass(frozen=True)
class MonitorPlan:
    checks: CheckPlan | None = None
    alerts: AlertLimits = field(default_factory=lambda: AlertLimits({}))
    observations: tuple[str, ...] = DEFAULT_OBSERVATIONS
    ratings: tuple[RatingScale, ...] = (RatingScale("SUDS", 0, 10, "Subjective units of distress"),)


def _keys(table: Any, allowed: set[str], place: str) -> Mapping[str, Any]:
    if not isinstance(table, dict):
        raise PlanError(place, "must be a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise PlanError(place, f"unknown key {unknown[0]!r}")
    return table


def _numbers(table: Mapping[str, Any], place: str, skip: set[str]) -> None:
    for key, value in table.items():
        if key in skip:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if (
                isinstance(item, bool)
                or not isinstance(item, int | float)
                or not math.isfinite(item)
            ):
                raise PlanError(f"{place}, {key}", f"must be a number, not {item!r}")
            if key != "at_minutes" and item < 0:
                raise PlanError(f"{place}, {key}", "must not be negative")


def _ratings(raw: Any) -> tuple[RatingScale, ...]:
    if not isinstance(raw, list) or not raw:
        raise PlanError("ratings", "needs at least one [[ratings]] table")
    scales = []
    for index, item in enumerate(raw):
        place = f"rating {index + 1}"
        table = _keys(item, RATING_KEYS, place)
        if not isinstance(table.get("name"), str) or not table["name"].strip():
            raise PlanError(place, "needs a name")
        _numbers({k: table[k] for k in ("low", "high") if k in table}, place, set())
        low, high = int(table.get("low", 0)), int(table.get("high", 10))
        if high <= low:
            raise PlanError(place, "high must be above low")
        scales.append(
            RatingScale(table["name"].strip(), low, high, str(table.get("description", "")))
        )
    return tuple(scales)


def parse_monitor(data: Mapping[str, Any]) -> MonitorPlan:
    """The monitoring part of a protocol (defaults where the protocol is silent)."""
    plan = MonitorPlan()
    if "vitals" in data:
        vitals = _keys(data["vitals"], VITALS_KEYS, "vitals")
        _numbers(vitals, "vitals", {"alert"})
        alert = _keys(vitals.get("alert", {}), ALERT_KEYS, "vitals.alert")
        _numbers(alert, "vitals.alert", {"source"})
        checks = parse_check_plan(vitals) if set(vitals) - {"alert"} else None
        plan = MonitorPlan(checks, parse_alert_limits(alert))
    observations = plan.observations
    if "observations" in data:
        raw = data["observations"]
        if not isinstance(raw, list) or not all(isinstance(o, str) and o.strip() for o in raw):
            raise PlanError("observations", "must be a list of text")
        observations = tuple(o.strip() for o in raw)
    ratings = _ratings(data["ratings"]) if "ratings" in data else plan.ratings
    return MonitorPlan(plan.checks, plan.alerts, observations, ratings)
