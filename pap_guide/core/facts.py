"""Facts of a session read back from its events: people, checklist, doses, close.

Like the clock state, these are never stored as such: they are rebuilt from
the append-only events, so a restart shows exactly what was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pap_guide.core.dosing import Dose
from pap_guide.core.session import DOSE, ENDED, Event

PERSON = "person_joined"
STEPPED_OUT = "stepped_out"
STEPPED_BACK = "stepped_back"
CHECKLIST = "checklist_ticked"
DISCHARGE = "discharge_ticked"
OVERRIDE = "override"


@dataclass(frozen=True)
class Absence:
    name: str
    cover: str
    since: datetime


@dataclass
class SessionFacts:
    people: dict[str, str] = field(default_factory=dict)  # name -> role
    out: dict[str, Absence] = field(default_factory=dict)
    checklist: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # item -> by, when
    discharge: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    doses: list[Dose] = field(default_factory=list)
    overrides: list[tuple[str, str, datetime]] = field(default_factory=list)  # what, why, when
    outcome: str = ""

    @classmethod
    def from_events(cls, events: Sequence[Event]) -> SessionFacts:
        facts = cls()
        for event in events:
            facts._apply(event)
        return facts

    def _apply(self, event: Event) -> None:
        data = event.data
        if event.kind == PERSON:
            self.people[data["name"]] = data["role"]
        elif event.kind == STEPPED_OUT:
            self.out[data["name"]] = Absence(data["name"], data.get("cover", ""), event.utc)
        elif event.kind == STEPPED_BACK:
            self.out.pop(data["name"], None)
        elif event.kind == CHECKLIST:
            self.checklist[data["item"]] = (data["by"], event.utc)
        elif event.kind == DISCHARGE:
            self.discharge[data["item"]] = (data["by"], event.utc)
        elif event.kind == OVERRIDE:
            self.overrides.append((data["what"], data["reason"], event.utc))
        elif event.kind == DOSE and "amount" in data:
            self.doses.append(
                Dose(
                    data["substance"],
                    float(data["amount"]),
                    data["unit"],
                    data["route"],
                    datetime.fromisoformat(data["dose_utc"]),
                    data.get("lot", ""),
                )
            )
        elif event.kind == ENDED:
            self.outcome = data.get("outcome", "")

    def roles(self) -> list[str]:
        return list(self.people.values())

    def open_items(self, items: Sequence[str]) -> list[str]:
        return [item for item in items if item not in self.checklist]

    def open_discharge(self, items: Sequence[str]) -> list[str]:
        return [item for item in items if item not in self.discharge]
