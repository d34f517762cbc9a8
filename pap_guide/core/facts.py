"""Facts of a session read back from its events: people, checklist, doses, close.

Like the clock state, these are never stored as such: they are rebuilt from
the append-only events, so a restart shows exactly what was recorded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pap_guide.core.dosing import Dose
from pap_guide.core.session import Event, EventKind

QUOTES = "\"'“”‘’«»„‚"  # around a name, never part of it ('"Lee, Cy"' split in two)


def tidy_name(name: str) -> str:
    """``name`` as a person's name is kept: no invisible characters (a zero-width
    space made a blank author button), spaces collapsed, no quotes around it; ""
    when no letter or digit is left."""
    visible = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    tidy = " ".join(visible.split()).strip(QUOTES + " ")
    return tidy if any(ch.isalnum() for ch in tidy) else ""


def person_key(name: str) -> str:
    """Who a name means: "Ana  Smith" and "ana smith" are the same person."""
    return tidy_name(name).casefold()


def tidy_names(names: Sequence[str]) -> list[str]:
    """``names`` tidied, the empty ones dropped, each person once (as first written)."""
    found: dict[str, str] = {}
    for name in names:
        tidy = tidy_name(name)
        if tidy:
            found.setdefault(person_key(tidy), tidy)
    return list(found.values())


def names_problem(names: Sequence[str]) -> str | None:
    """Why the names typed at set-up cannot be kept as typed, or None.

    People… keeps the room as names separated by commas, so "Doe, Jo" would
    come back as two people; and two people of one name would be kept as one
    (the record keys people by name), the other left out of it unseen.
    """
    seen: set[str] = set()
    for name in names:
        tidy = tidy_name(name)
        if not tidy:
            continue
        if "," in tidy:
            return f'"{tidy}": a name cannot hold a comma (People… separates names by commas).'
        if person_key(tidy) in seen:
            return f'"{tidy}" is given twice: give each person a name of their own.'
        seen.add(person_key(tidy))
    return None


def tidy_people(people: Mapping[str, str]) -> dict[str, str]:
    """``people`` (name -> role) with each name tidied, each person once with the
    role first given, the names with nothing in them dropped."""
    kept: dict[str, tuple[str, str]] = {}
    for name, role in people.items():
        tidy = tidy_name(name)
        if tidy:
            kept.setdefault(person_key(tidy), (tidy, role))
    return dict(kept.values())


@dataclass(frozen=True)
class Absence:
    name: str
    cover: str
    since: datetime


@dataclass
class SessionFacts:
    people: dict[str, str] = field(default_factory=dict)  # name -> role
    out: dict[str, Absence] = field(default_factory=dict)
    left: dict[str, datetime] = field(default_factory=dict)  # name -> when they left
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
        if event.kind == EventKind.PERSON:
            self.people.setdefault(data["name"], data["role"])  # back in: the set-up's role
            self.left.pop(data["name"], None)
        elif event.kind == EventKind.LEFT:
            self.left[data["name"]] = event.utc
            self.out.pop(data["name"], None)
        elif event.kind == EventKind.STEPPED_OUT:
            self.out[data["name"]] = Absence(data["name"], data.get("cover", ""), event.utc)
        elif event.kind == EventKind.STEPPED_BACK:
            self.out.pop(data["name"], None)
        elif event.kind == EventKind.CHECKLIST:
            self.checklist[data["item"]] = (data["by"], event.utc)
        elif event.kind == EventKind.DISCHARGE:
            self.discharge[data["item"]] = (data["by"], event.utc)
        elif event.kind == EventKind.OVERRIDE:
            self.overrides.append((data["what"], data["reason"], event.utc))
        elif event.kind == EventKind.DOSE and "amount" in data:
            self.doses.append(
                Dose(
                    data["substance"],
                    float(data["amount"]),
                    data["unit"],
                    data["route"],
                    datetime.fromisoformat(data["dose_utc"]),
                    data.get("lot", ""),
                    data.get("by", ""),
                )
            )
        elif event.kind == EventKind.ENDED:
            self.outcome = data.get("outcome", "")

    def open_items(self, items: Sequence[str]) -> list[str]:
        return [item for item in items if item not in self.checklist]

    def open_discharge(self, items: Sequence[str]) -> list[str]:
        return [item for item in items if item not in self.discharge]
