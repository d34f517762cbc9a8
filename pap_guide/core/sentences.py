"""Session events as a person writes them in a record: one plain sentence each."""

from __future__ import annotations

from pap_guide.core.bidi import closed
from pap_guide.core.session import Event, EventKind
from pap_guide.core.setup_plan import JOINED
from pap_guide.core.timefmt import duration_text


def _minutes(seconds: float) -> str:
    return duration_text(abs(seconds))


def _moved(seconds: float) -> str:
    """A move of the computer's clock, to the nearest minute: measured against the
    boot's clock it comes out a little short, and an hour set back read "59 min"."""
    seconds = abs(seconds)
    return duration_text(round(seconds / 60) * 60 if seconds >= 60 else seconds)


def event_sentence(event: Event) -> str | None:
    """What the record says about ``event``; None for events told elsewhere (doses, ticks)."""
    data, kind = event.data, event.kind
    if kind == EventKind.STARTED:
        rehearsal = " (a rehearsal)" if data.get("rehearsal") else ""
        return f"Session set up under {data.get('protocol', 'its protocol')}{rehearsal}."
    if kind == EventKind.PHASE_ADVANCED:
        return f"Next phase started {_minutes(float(data['seconds']))} early."
    if kind == EventKind.PHASE_EXTENDED:
        return f"Phase extended by {_minutes(float(data['seconds']))}."
    if kind == EventKind.PHASE_MOVED_BACK:
        what = "next phase" if data.get("what") == "next phase" else "phase extension"
        return f"The {what} was undone: phases moved back by {_minutes(float(data['seconds']))}."
    if kind == EventKind.CLOCK_JUMP and data.get("corrects") == "restart":
        way = "forward" if float(data["seconds"]) > 0 else "back"
        return (
            f"The computer's clock was set {way} by {_moved(float(data['seconds']))} after "
            "a restart that could not check it; the session clock followed it."
        )
    if kind == EventKind.CLOCK_JUMP:
        way = "forward" if float(data["seconds"]) > 0 else "back"
        when = " while pap-guide was closed" if data.get("while") == "closed" else ""
        return (
            f"The computer's clock moved {way} by {_moved(float(data['seconds']))}{when}; "
            "the session clock was kept right."
        )
    if kind == EventKind.PERSON and data.get("role") == JOINED:
        return f"{data['name']} joined the people in the room."
    if kind == EventKind.LEFT:
        return f"{data['name']} left the room."
    if kind == EventKind.STEPPED_OUT:
        return f"{data['name']} stepped out; {data.get('cover') or 'nobody'} covered."
    if kind == EventKind.STEPPED_BACK:
        return f"{data['name']} came back into the room."
    if kind == EventKind.RESUMED:
        tracks = int(data.get("tracks_interrupted", 0))
        music = f"; {tracks} track(s) were interrupted" if tracks else ""
        away = float(data.get("away_seconds", 0))
        return f"pap-guide started again after {_minutes(away)} away{music}."
    if kind == EventKind.OVERRIDE:
        return f"Rule not met: {data['what']}. Reason given: {closed(data['reason'])}."
    if kind == EventKind.RECOVERED:
        what = data.get("what") or f"{data['actions']} changes"
        return f"{what} unsaved at a previous close were added."
    if kind == EventKind.ENDED:
        outcome = f" Outcome: {closed(data['outcome'])}." if data.get("outcome") else ""
        return f"Session {closed(data.get('reason') or 'ended')}.{outcome}"
    return None
