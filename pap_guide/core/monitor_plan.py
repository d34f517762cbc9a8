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
from pap_guide.core.plan_checks import PlanError, number, table, text, texts
from pap_guide.core.vitals import FIELDS, SIGNS, AlertLimits, parse_alert_limits

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


def _numbers(raw: Mapping[str, Any], place: str, skip: set[str]) -> None:
    for key, value in raw.items():
        if key in skip:
            continue
        floor = -math.inf if key == "at_minutes" else 0.0  # a baseline check may come before
        for item in value if isinstance(value, list) else [value]:
            number(item, f"{place}, {key}", floor)


def _alert_limits(alert: Mapping[str, Any]) -> AlertLimits:
    """Alert limits a patient can have: inside the plausible range, low below high.

    A limit outside the plausible range (``plausibility.toml``) could never
    flag anything the log accepts, or would flag every reading: a typing
    mistake in the protocol (1600 for 160, 9 for 90), refused like any other.
    """
    for name in FIELDS:
        sign = SIGNS[name]
        for end in ("min", "max"):
            value = alert.get(f"{name}_{end}")
            if value is not None and float(value) not in sign.plausible:
                raise PlanError(
                    f"vitals.alert, {name}_{end}",
                    f"{value:g} {sign.unit} is outside what is plausible for {sign.label}: "
                    f"{sign.plausible.low:g}–{sign.plausible.high:g} {sign.unit} "
                    "(plausibility.toml)",
                )
        low, high = alert.get(f"{name}_min"), alert.get(f"{name}_max")
        if low is not None and high is not None and low >= high:
            raise PlanError(
                f"vitals.alert, {name}_min", f"must be below {name}_max ({low:g} >= {high:g})"
            )
    return parse_alert_limits(alert)


def _ratings(raw: Any) -> tuple[RatingScale, ...]:
    if not isinstance(raw, list) or not raw:
        raise PlanError("ratings", "needs at least one [[ratings]] table")
    scales = []
    for index, item in enumerate(raw):
        place = f"rating {index + 1}"
        found = table(item, RATING_KEYS, place)
        name = text(found.get("name"), f"{place}, name")
        _numbers({k: found[k] for k in ("low", "high") if k in found}, place, set())
        low, high = int(found.get("low", 0)), int(found.get("high", 10))
        if high <= low:
            raise PlanError(place, "high must be above low")
        scales.append(RatingScale(name, low, high, str(found.get("description", ""))))
    return tuple(scales)


def parse_monitor(data: Mapping[str, Any]) -> MonitorPlan:
    """The monitoring part of a protocol (defaults where the protocol is silent)."""
    plan = MonitorPlan()
    if "vitals" in data:
        vitals = table(data["vitals"], VITALS_KEYS, "vitals")
        _numbers(vitals, "vitals", {"alert"})
        alert = table(vitals.get("alert", {}), ALERT_KEYS, "vitals.alert")
        _numbers(alert, "vitals.alert", {"source"})
        checks = parse_check_plan(vitals) if set(vitals) - {"alert"} else None
        plan = MonitorPlan(checks, _alert_limits(alert))
    observations = plan.observations
    if "observations" in data:
        observations = texts(data["observations"], "observations")
    ratings = _ratings(data["ratings"]) if "ratings" in data else plan.ratings
    return MonitorPlan(plan.checks, plan.alerts, observations, ratings)
