"""What the session panel says of a session's state: the clock, where it is, any overrun."""

from __future__ import annotations

from pap_guide.core.session import SessionState
from pap_guide.core.timefmt import clock_text, duration_text, session_clock_text


def clock_line(state: SessionState | None) -> str:
    if state is None or state.pre_dose:
        return "Pre-dose"
    return session_clock_text(state.elapsed)


def detail_line(state: SessionState | None) -> str:
    if state is None:
        return "No session open. Choose a protocol and start when the dose is given."
    if state.pre_dose:
        return "Waiting for the dose."
    if state.ended:  # nothing comes next: no phase countdown, no planned end
        planned = clock_text(state.planned_end, seconds=False)
        return (
            f"Session ended at {session_clock_text(state.elapsed)}, in {state.phase_name} "
            f"(planned T+{planned})."
        )
    into = duration_text(state.elapsed - state.phase_start)
    if state.time_to_next is not None:
        nxt = f"next phase in {duration_text(state.time_to_next)}"
    else:
        nxt = f"planned end at T+{clock_text(state.planned_end, seconds=False)}"
    return f"{into} into this phase ({state.progress:.0%}) · {nxt}"


def overrun_line(state: SessionState | None) -> str:
    if state is None or state.overrun <= 0:
        return ""
    return (
        f"Past the planned end by {clock_text(state.overrun)} "
        f"(planned {clock_text(state.planned_end, seconds=False)})"
    )
