"""A FHIR Observation's status and notes: what each correction or strike-out changed.

An Observation keeps its original's id whatever its version; its status says
whether its own value changed (``amended``), was taken away or struck out
(``entered-in-error``), and each change of it is an annotation with who, when,
why and what it was before. A correction of another part of the same reading
(the pulse, for the blood pressure's Observation) is not a change of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise

from pap_guide.core.bidi import closed
from pap_guide.core.entries import Entry, LogLine
from pap_guide.core.timefmt import duration_text
from pap_guide.core.vitals import VitalSign
from pap_guide.export.json_template import member

_FINAL, _AMENDED, _ERROR = '"final"', '"amended"', '"entered-in-error"'  # status JSON

Shown = Callable[[Entry], str | None]  # an Observation's content in one version
At = Callable[[datetime, float | None, int | None], datetime]  # Report.at


def line_status(
    line: LogLine, shown: Shown, flags: list[str], at: At | None = None
) -> tuple[str, str]:
    """An Observation's status and its interpretation and note members: each change
    of it is an annotation with who, when, why and what it was before. With ``at``
    (the laptop's clock moved in the session), times are the session clock's, and a
    first note says what the laptop's clock read when the reading was saved."""
    history = line.history
    more = member("interpretation", [{"text": "; ".join(flags)}]) if flags else ""
    notes: list[dict[str, str]] = []
    if at is not None:
        notes.extend(_laptop_note(line.original, at))
    if len(history) == 1:  # most lines
        return _FINAL, more + (member("note", notes) if notes else "")
    changed = False
    for before, step in pairwise(history):
        if step.struck:
            text = f"Struck out: {closed(step.reason)}"
        else:
            was, now = shown(before), shown(step)
            if was == now:
                continue  # the correction changed another part of the reading
            changed = True
            text = (
                f"Corrected: {closed(step.reason)}. Was {closed(was or 'not recorded')};"
                f" now {closed(now or 'not recorded')}."
            )
        when = step.utc if at is None else at(step.utc, step.session_seconds, step.id)
        notes.append({"authorString": step.author, "time": when.isoformat(), "text": text})
    if notes:
        more += member("note", notes)
    if line.struck or shown(line.current) is None:
        return _ERROR, more
    return (_AMENDED if changed else _FINAL), more


def _laptop_note(entry: Entry, at: At) -> list[dict[str, str]]:
    """A note of the laptop's clock's reading, where it was not the session's time."""
    when = at(entry.utc, entry.session_seconds, entry.id)
    if when == entry.utc:
        return []
    off = (entry.utc - when).total_seconds()
    side = "ahead of" if off > 0 else "behind"
    text = (
        f"Saved at {entry.utc.isoformat()} by the laptop's clock, then "
        f"{duration_text(abs(off))} {side} the session clock; the time given here is "
        "the dose's time plus the session time."
    )
    return [{"time": when.isoformat(), "text": text}]


def blood_pressure_text(entry: Entry) -> str | None:
    values = entry.data.get("values", {})
    if "systolic" in values and "diastolic" in values:
        return f"{float(values['systolic']):g}/{float(values['diastolic']):g} mmHg"
    return None


def sign_text(sign: VitalSign, entry: Entry) -> str | None:
    value = entry.data.get("values", {}).get(sign.key)
    return None if value is None else f"{float(value):g} {sign.unit}"
