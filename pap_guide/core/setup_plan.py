"""What a protocol asks of a session's set-up and close: people, checklists, doses.

Read from the protocol's ``requires``, ``checklist``, ``discharge`` and
``[doses]``. Problems raise :class:`PlanError`; the loader adds the file name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pap_guide.core.dosing import DosePlan, parse_dose_plan
from pap_guide.core.plan_checks import PlanError, text, texts

ROLES = ("guide", "co-guide", "monitor")
JOINED = "joined"  # the role of someone added to the room after the set-up: not given
REQUIREMENTS = {"monitor", "two_facilitators"}
SESSION_TYPES = ("preparation", "dosing", "integration")


@dataclass(frozen=True)
class SetupPlan:
    requires: frozenset[str] = frozenset()
    checklist: tuple[str, ...] = ()
    discharge: tuple[str, ...] = ()
    doses: DosePlan = field(default_factory=DosePlan)
    vitals_tick: str = ""  # the checklist item a vitals set saved before the dose ticks

    def missing_people(self, roles: list[str]) -> list[str]:
        """What the protocol requires that the people in the room do not cover."""
        missing = []
        if "monitor" in self.requires and "monitor" not in roles:
            missing.append("a monitor")
        facilitators = sum(1 for r in roles if r in ("guide", "co-guide"))
        if "two_facilitators" in self.requires and facilitators < 2:
            missing.append("two facilitators (guide and co-guide)")
        return missing


def parse_setup(data: Mapping[str, Any]) -> SetupPlan:
    requires = texts(data.get("requires", []), "requires")
    unknown = sorted(set(requires) - REQUIREMENTS)
    if unknown:
        raise PlanError(
            "requires",
            f"unknown requirement {unknown[0]!r} (known: {', '.join(sorted(REQUIREMENTS))})",
        )
    doses = data.get("doses", {})
    checklist = texts(data.get("checklist", []), "checklist")
    tick = text(data["vitals_tick"], "vitals_tick") if "vitals_tick" in data else ""
    if tick and tick not in checklist:
        raise PlanError("vitals_tick", f"{tick!r} is not an item of the checklist")
    return SetupPlan(
        frozenset(requires),
        checklist,
        texts(data.get("discharge", []), "discharge"),
        parse_dose_plan(doses),
        tick,
    )
