"""Doses, the supplemental-dose window, and the minimum session length.

The minimum is either a fixed time or a table by the total dose given
(secondary doses included), as Oregon's rule for psilocybin is written.
Every number comes from the protocol file.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pap_guide.core.plan_checks import PlanError, number, table


@dataclass(frozen=True)
class Dose:
    substance: str
    amount: float
    unit: str
    route: str
    given: datetime  # UTC, as really given (may be corrected to earlier)
    lot: str = ""
    by: str = ""  # who gave it


@dataclass(frozen=True)
class DoseBand:
    """A total dose between ``low`` and ``high`` needs ``minutes``.

    Each end is inclusive or not, as the rule is written ("25 to 35 mg",
    "over 35 up to 50 mg").
    """

    low: float
    low_inclusive: bool
    high: float
    high_inclusive: bool
    minutes: float
    first_session_minutes: float | None = None  # e.g. Oregon's under-2.5 mg first session

    def __contains__(self, total: float) -> bool:
        above = total >= self.low if self.low_inclusive else total > self.low
        below = total <= self.high if self.high_inclusive else total < self.high
        return above and below


@dataclass(frozen=True)
class DosePlan:
    """What the protocol says about doses and the session's minimum length."""

    substance: str = ""
    unit: str = "mg"
    route: str = "oral"
    amounts: tuple[float, ...] = ()  # usual first amounts offered
    supplemental_amounts: tuple[float, ...] = ()  # usual supplemental amounts (else half)
    ask_lot: bool = False
    supplemental_from_minutes: float | None = None
    supplemental_to_minutes: float | None = None
    minimum_minutes: float | None = None  # a fixed minimum
    minimum_by_total: tuple[DoseBand, ...] = ()  # or a table by total dose
    source: str = ""

    def minimum_seconds(self, total: float, first_session: bool = False) -> float | None:
        """The minimum session length for ``total`` dose; None when there is no rule."""
        band = self.band(total)
        if band is not None:
            if first_session and band.first_session_minutes is not None:
                return band.first_session_minutes * 60
            return band.minutes * 60
        if self.past_table(total):  # more given than the table foresees: never less care
            return max(b.minutes for b in self.minimum_by_total) * 60
        return None if self.minimum_minutes is None else self.minimum_minutes * 60

    def past_table(self, total: float) -> bool:
        """More than the table's highest band (Oregon's stops at 50 mg)."""
        return bool(self.minimum_by_total) and all(
            total > b.high or (total == b.high and not b.high_inclusive)
            for b in self.minimum_by_total
        )

    def band(self, total: float) -> DoseBand | None:
        return next((b for b in self.minimum_by_total if total in b), None)

    def supplemental_offer(self, first: float) -> tuple[float, ...]:
        """The amounts the dose dialog offers after a first dose of ``first``."""
        return self.supplemental_amounts or (first / 2,)

    def supplemental_window(self) -> tuple[float, float] | None:
        if self.supplemental_from_minutes is None or self.supplemental_to_minutes is None:
            return None
        return self.supplemental_from_minutes * 60, self.supplemental_to_minutes * 60


def total_dose(doses: Sequence[Dose]) -> float:
    return sum(d.amount for d in doses)


# more than this many times the protocol's largest usual dose is asked about: 1200
# typed for 120 is a slip, and a real large dose is given with a reason on record
ABOVE_USUAL = 2


def above_usual(amount: float, plan: DosePlan) -> str:
    """'' for an amount in reason, else a sentence saying it is far above the usual."""
    usual = max((*plan.amounts, *plan.supplemental_amounts), default=None)
    if usual is None or amount <= ABOVE_USUAL * usual:
        return ""
    return (
        f"{amount:g} {plan.unit} is more than twice this protocol's largest usual "
        f"dose ({usual:g} {plan.unit}). "
    )


DOSE_KEYS = {
    "substance",
    "unit",
    "route",
    "amounts",
    "supplemental_amounts",
    "ask_lot",
    "supplemental_from_minutes",
    "supplemental_to_minutes",
    "minimum_minutes",
    "minimum_by_total",
    "source",
}
BAND_KEYS = {"at_least", "above", "below", "up_to", "minutes", "first_session_minutes"}


def parse_dose_plan(raw: Mapping[str, Any]) -> DosePlan:
    table(raw, DOSE_KEYS, "doses")
    bands = []
    for index, band in enumerate(raw.get("minimum_by_total", [])):
        place = f"doses.minimum_by_total {index + 1}"
        if not isinstance(band, dict) or set(band) - BAND_KEYS:
            raise PlanError(place, f"must be a table of {', '.join(sorted(BAND_KEYS))}")
        if ("at_least" in band) == ("above" in band) or ("below" in band) == ("up_to" in band):
            raise PlanError(place, "needs at_least or above, and below or up_to")
        first = band.get("first_session_minutes")
        low_key = "at_least" if "at_least" in band else "above"
        high_key = "up_to" if "up_to" in band else "below"
        bands.append(
            DoseBand(
                number(band[low_key], f"{place}, {low_key}"),
                low_key == "at_least",
                number(band[high_key], f"{place}, {high_key}"),
                high_key == "up_to",
                number(band.get("minutes"), f"{place}, minutes"),
                None if first is None else number(first, f"{place}, first"),
            )
        )
    for before, after in itertools.pairwise(bands):
        if after.low != before.high or before.high_inclusive == after.low_inclusive:
            raise PlanError(
                "doses.minimum_by_total",
                "bands must follow each other without "
                f"gaps or overlaps ({before.high:g} then {after.low:g})",
            )
    window = [raw.get("supplemental_from_minutes"), raw.get("supplemental_to_minutes")]
    if (window[0] is None) != (window[1] is None):
        raise PlanError("doses", "give both supplemental_from_minutes and _to_minutes")

    def optional(key: str) -> float | None:
        return None if raw.get(key) is None else number(raw[key], f"doses, {key}")

    return DosePlan(
        substance=str(raw.get("substance", "")),
        unit=str(raw.get("unit", "mg")),
        route=str(raw.get("route", "oral")),
        amounts=tuple(number(a, "doses, amounts") for a in raw.get("amounts", [])),
        supplemental_amounts=tuple(
            number(a, "doses, supplemental_amounts") for a in raw.get("supplemental_amounts", [])
        ),
        ask_lot=bool(raw.get("ask_lot", False)),
        supplemental_from_minutes=optional("supplemental_from_minutes"),
        supplemental_to_minutes=optional("supplemental_to_minutes"),
        minimum_minutes=optional("minimum_minutes"),
        minimum_by_total=tuple(bands),
        source=str(raw.get("source", "")),
    )


def hours_after_first(first: datetime | None, given: Sequence[datetime]) -> list[float]:
    """Every dose's moment in hours after the first dose (the chart's markers);
    the first alone when the doses say nothing more."""
    if first is None:
        return []
    return [(moment - first).total_seconds() / 3600 for moment in given or [first]]
