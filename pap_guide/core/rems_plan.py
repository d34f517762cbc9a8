"""A protocol's ``[rems]`` table: which of its items answer the REMS monitoring form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pap_guide.core.plan_checks import PlanError, table, text

REMS_KEYS = {
    "baseline_item",  # checklist: vitals acceptable before dosing
    "before_end_item",  # discharge: vitals acceptable before leaving
    "resolved_item",  # discharge: sedation and dissociation resolved
    "respiratory_item",  # discharge: respiratory depression ruled out
    "ready_item",  # discharge: ready to leave
    "sedation_tag",  # observation
    "dissociation_tag",  # observation
    "minimum_minutes",
}


@dataclass(frozen=True)
class RemsPlan:
    baseline_item: str
    before_end_item: str
    resolved_item: str
    respiratory_item: str
    ready_item: str
    sedation_tag: str
    dissociation_tag: str
    minimum_minutes: float = 120.0


def parse_rems(raw: Any) -> RemsPlan:
    found = table(raw, REMS_KEYS, "rems", REMS_KEYS - {"minimum_minutes"})
    values = {k: text(found[k], f"rems, {k}") for k in REMS_KEYS - {"minimum_minutes"}}
    minutes = found.get("minimum_minutes", 120)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0:
        raise PlanError("rems, minimum_minutes", "must be a number of minutes above 0")
    return RemsPlan(**values, minimum_minutes=float(minutes))
