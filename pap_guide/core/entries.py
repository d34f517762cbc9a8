"""Monitor log entries: notes, observations, vitals, ratings, adverse events.

Entries are never changed: a correction or a strike-out is a new entry that
points at the one it amends, with who, when and why. The log shows each
entry's current version with its history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pap_guide.core.bidi import closed
from pap_guide.core.timefmt import clock_text
from pap_guide.core.vitals import Reading

NOTE = "note"
OBSERVATION = "observation"
VITALS = "vitals"
RATING = "rating"
ADVERSE = "adverse_event"
INTENTION = "intention"
KIND_LABELS = {
    NOTE: "Note",
    OBSERVATION: "Observation",
    VITALS: "Vitals",
    RATING: "Rating",
    ADVERSE: "Adverse event",
    INTENTION: "Intention",
}
CORRECTABLE = frozenset({NOTE, INTENTION, VITALS, RATING})  # the others are struck out only
SEVERITIES = ("mild", "moderate", "severe", "life-threatening")
MAX_TEXT = 4000


@dataclass(frozen=True)
class Entry:
    """One saved line of the monitor log (or an amendment of one)."""

    kind: str
    utc: datetime
    session_seconds: float | None
    phase: str | None
    author: str
    data: dict[str, Any]
    track: str | None = None
    amends: int | None = None  # id of the entry this one corrects or strikes
    struck: bool = False
    reason: str = ""  # why it was amended
    flags: tuple[str, ...] = ()
    session_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class LogLine:
    """An entry as the log shows it: its current version and its history."""

    original: Entry
    current: Entry
    history: tuple[Entry, ...] = field(default=())

    @property
    def struck(self) -> bool:
        return self.current.struck

    def reading(self) -> Reading:
        """The current vitals of a vitals line."""
        return Reading.from_data(self.current.data)

    @property
    def flagged(self) -> bool:
        return bool(self.current.flags) and not self.struck


# What a note may not hold: NUL and the other C0 controls but tab and newline,
# DEL, and the C1 controls U+0080-U+009F. None of them is ever typed on
# purpose: they arrive with pasted terminal output or text decoded in the wrong
# code page (cp1252 bytes read as Latin-1 become C1), and C1 controls such as
# U+009B (CSI) start escape sequences when ``pap-guide sessions`` or an export
# is read in a terminal. Every other character is kept as typed: format
# characters (category Cf: zero-width joiner U+200D and non-joiner U+200C in
# Persian words and emoji sequences, direction marks), private-use characters
# and code points newer than Python's Unicode tables. Lone surrogates go too:
# they cannot be stored as UTF-8 and no keyboard makes one.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?")


def clean_text(text: str, limit: int = MAX_TEXT) -> str:
    """Text as saved: as typed, less control characters and surrounding spaces.

    A carriage return (alone or before a newline) is a line break and becomes a
    newline. Nothing is ever cut: a text over ``limit`` characters is refused.

    Raises ValueError with a message for the field when nothing is left or
    the text is too long.
    """
    kept = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text)).strip()
    if not kept:
        raise ValueError("Type something first.")
    if len(kept) > limit:
        raise ValueError(f"Too long: {len(kept)} characters, at most {limit}.")
    return kept


def describe(entry: Entry) -> str:
    """One line of plain text for an entry's content."""
    data = entry.data
    if entry.kind in (NOTE, INTENTION):
        return str(data["text"])
    if entry.kind == OBSERVATION:
        tag = str(data["tag"])
        return tag[:1].upper() + tag[1:]  # capitalize() lowered the rest: "Spo2 dip"
    if entry.kind == RATING:
        return f"{data['scale']} {data['value']} ({data['low']}–{data['high']})"
    if entry.kind == ADVERSE:
        # typed, both: a direction control in what happened ran on into the action
        action = f"; action: {closed(data['action'])}" if data.get("action") else ""
        return f"ADVERSE EVENT ({data['severity']}): {closed(data['what'])}{action}"
    if entry.kind == VITALS:
        return Reading.from_data(data).text()
    return str(data)


LATE_DOSE_MARK = "†"  # after the dose, though logged before the dose was entered


ENTERED_SLACK = timedelta(seconds=5)  # the dose's own stamp against an entry's

Dose = tuple[datetime | None, datetime | None]  # the first dose: as given, and as entered


def after_dose(
    entry: Entry, dose_at: datetime | None, entered: datetime | None = None
) -> float | None:
    """Session seconds of an entry stamped pre-dose but logged after the first dose's
    time: the dose was entered later, backdated to when it was given. None otherwise.
    ``entered``: when the dose was entered (its event's stamp). A stamp after that
    is no backdated dose's: the laptop's clock was moved back before the dose
    (baselines saved before the move sat hours after the dose, marked).

    Its stamp stays as it was saved; the log and the report show it at this time,
    marked, so a reading five minutes after the dose is not read as a baseline."""
    if entry.session_seconds is not None or dose_at is None or entry.utc < dose_at:
        return None
    if entered is not None and entry.utc > entered + ENTERED_SLACK:
        return None
    return (entry.utc - dose_at).total_seconds()


def any_after_dose(
    lines: list[LogLine] | tuple[LogLine, ...],
    dose_at: datetime | None,
    entered: datetime | None = None,
) -> bool:
    """Whether any of ``lines`` is shown at its time from a dose entered late."""
    return any(after_dose(line.original, dose_at, entered) is not None for line in lines)


def placed_seconds(
    entry: Entry, dose_at: datetime | None, entered: datetime | None = None
) -> float:
    """Where an entry sits on the session's time line: a baseline at T+0."""
    if entry.session_seconds is not None:
        return entry.session_seconds
    return after_dose(entry, dose_at, entered) or 0.0


def when(entry: Entry, dose_at: datetime | None = None, entered: datetime | None = None) -> str:
    """When an entry was logged, as the log shows it: T+ the session time, or the wall time."""
    if entry.session_seconds is None:
        late = after_dose(entry, dose_at, entered)
        if late is not None:
            return "T+" + clock_text(late) + LATE_DOSE_MARK
        return "pre-dose " + entry.utc.astimezone().strftime("%H:%M")
    return "T+" + clock_text(entry.session_seconds)


def late_dose_note(dose_at: datetime) -> str:
    """What the mark means, for a report or a tooltip."""
    given = dose_at.astimezone().strftime("%H:%M")
    return (
        f"{LATE_DOSE_MARK} Logged before the dose was entered: the dose was given at "
        f"{given} and entered later, so this time is counted from {given}."
    )


def build_log(entries: list[Entry]) -> list[LogLine]:
    """Group amendments under their originals; newest original first."""
    by_id = {e.id: e for e in entries}
    chains: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.amends is None:
            chains.setdefault(entry.id or 0, [entry])
            continue
        root = entry.amends
        while by_id.get(root) is not None and by_id[root].amends is not None:
            root = by_id[root].amends or root
        chains.setdefault(root, [by_id[root]] if root in by_id else []).append(entry)
    lines = [LogLine(chain[0], chain[-1], tuple(chain)) for chain in chains.values() if chain]
    return sorted(lines, key=lambda line: line.original.id or 0, reverse=True)
