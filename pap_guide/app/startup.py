"""What the app checks as it starts: the open session, the wall clock, unsaved entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pap_guide.core.action_file import RecoveryFile, waiting_text
from pap_guide.core.actions import Action, Stamp
from pap_guide.core.alive import latest_known
from pap_guide.core.clock_trust import check_restart
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import LogBook
from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.protocol import ProtocolCatalog
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import EventKind
from pap_guide.core.timefmt import clock_text
from pap_guide.store import chain
from pap_guide.store.actions import ActionRepository
from pap_guide.store.chain_pin import PinKeeper, check_pin
from pap_guide.store.plays import PlayRepository
from pap_guide.store.sessions import SessionRepository


@dataclass(frozen=True)
class Restart:
    """What the start found of the last run: its last moment, the tracks it ended."""

    last: Stamp | None = None
    interrupted: frozenset[int] = frozenset()  # ids of the track starts given an end


def resume(
    controller: SessionController,
    sessions: SessionRepository,
    wanted: str | None,
    catalog: ProtocolCatalog,
    problems: list[str],
) -> None:
    open_session = sessions.open_session()
    if not controller.resume() and open_session is not None:
        problems.append(
            f"Session {open_session.id} is open but its protocol "
            f"{open_session.protocol_key!r} could not be loaded."
        )
    if wanted and wanted not in catalog.protocols:
        problems.append(
            f"Protocol {wanted!r} not found; "
            f"known: {', '.join(sorted(catalog.protocols)) or 'none'}."
        )


def check_chain(conn: Any, database: Path, problems: list[str]) -> PinKeeper | None:
    """A break in the record's hash chain, or its end cut off, is shown; the record is
    never 'repaired'. What keeps the chain's head beside it from now on, unless it was
    cut: then the head kept stays, and each start says so again, as for a break."""
    broken = chain.verify(conn)
    if broken is not None:
        problems.append("Warning: " + broken.text())
    cut = check_pin(conn, database)
    if cut is not None:
        problems.append("Warning: " + cut.text())
        return None
    return PinKeeper(conn, database)


def waiting(recovery: RecoveryFile, problems: list[str]) -> list[Action]:
    """Entries left unsaved at the last close (kept in the recovery file)."""
    try:
        return recovery.load()
    except (OSError, ValueError) as exc:
        problems.append(f"A file of unsaved entries in {recovery.folder} cannot be read ({exc}).")
        return []


def recovery_offer(
    recovery: RecoveryFile,
    recorder: Recorder,
    controller: SessionController,
    book: LogBook,
    restart: Restart | None = None,
) -> tuple[str, Callable[[], str]] | None:
    """What waits in the recovery files ("3 changes (note ×2, restart)"), and how to
    add it (asked first)."""
    kept = waiting(recovery, [])
    if not kept:
        return None

    def add() -> str:
        files, found = recovery.left(), recovery.load()
        said = waiting_text(found)
        controller.absorb(found)  # they hold at once, whatever the disk does
        book.absorb(found)
        recorder.adopt(found)  # committed now, or kept in this run's own file
        recovery.forget(files)
        end_loose(controller, found, restart or Restart(), recorder)
        if controller.is_open():
            recovered = {"actions": len(found), "what": said, "folder": str(recovery.folder)}
            controller.act("recovered", [(EventKind.RECOVERED, recovered)])
        if recorder.pending:
            return (
                f"{said} from an earlier run are back on screen with their original "
                f"times; they wait to be saved ({recorder.problem or 'the disk'})."
            )
        return (
            f"{said} that could not be saved in an earlier run were added to the record "
            "with their original times."
        )

    return waiting_text(kept), add


INTERRUPTED = "interrupted"  # a track's end when the app stopped while it played


def last_moment(
    controller: SessionController, actions: ActionRepository, kept: Sequence[Action]
) -> Stamp | None:
    """The open session's last action: the last one waiting in a recovery file (they
    come after every committed one), else the last committed."""
    session = controller.session
    if session is None:
        return None
    waiting_here = [action for action in kept if action.session_id == session.id]
    return waiting_here[-1].stamp if waiting_here else actions.last_stamp(session.id)


def _ended(actions: Sequence[Action]) -> set[int | None]:
    return {end.start.id for action in actions for end in action.play_ends}


def loose_plays(found: Sequence[Action], restart: Restart, session_id: int) -> list[Play]:
    """Tracks started in a run whose starts never reached the disk, and never ended:
    they get their end once their starts are added back, not before (an end
    before its start is refused by the database)."""
    ended = _ended(found) | restart.interrupted
    return [
        play
        for action in found
        if action.session_id == session_id
        for play in action.plays
        if play.id not in ended
    ]


def record_restart(
    controller: SessionController,
    last: Stamp | None,
    plays: PlayRepository,
    recorder: Recorder,
    kept: Sequence[Action] = (),
    alive: Stamp | None = None,
    doubt: str = "",
) -> Restart:
    """An open session picked up again: the restart is recorded, and every track
    that was sounding when the app stopped gets its end, at the last moment the
    app is known to have run (its last saved action, or the later moment it noted
    in ``alive``). A track whose end waits in a recovery file (``kept``) is not
    ended again: several kills while the disk was full gave one track an end for
    each start. ``doubt``: the wall clock could not be checked (the restart says so,
    and the clock's next jump is taken as its fix)."""
    session = controller.session
    if session is None or last is None or not controller.is_open():
        return Restart(last)
    ended = _ended(kept)
    now = controller.clock.now()
    gap = (now - last.utc).total_seconds()  # from the last saved action: what a fix may set
    last = latest_known(last, alive, now, session.speed)
    clock = controller.clock
    if last.boot_id and last.boot_id == clock.boot_id() and last.boottime is not None:
        # the boot's own clock: the wall clock moved while closed counted the move as away
        away = max(0.0, clock.boottime() - last.boottime)
    else:
        away = max(0.0, (now - last.utc).total_seconds() / session.speed)
    unfinished = [play for play in plays.unfinished(session.id) if play.id not in ended]
    ends = _interrupted(unfinished, last, recorder)
    said: dict[str, object] = {"away_seconds": round(away, 1), "tracks_interrupted": len(ends)}
    doubted = {"clock_doubt": True, "clock_gap": round(gap, 1)}
    resumed = (EventKind.RESUMED, {**said, **doubted} if doubt else said)
    controller.act("restart", [resumed], play_ends=ends)
    return Restart(last, frozenset(end.start.id for end in ends if end.start.id is not None))


def end_loose(
    controller: SessionController, found: Sequence[Action], restart: Restart, recorder: Recorder
) -> None:
    """After an earlier run's actions are added back: its tracks never ended end now,
    at the last moment that run is known to have been running, as
    :func:`record_restart` ends the others."""
    session, last = controller.session, restart.last
    if session is None or last is None or not controller.is_open():
        return
    ends = _interrupted(loose_plays(found, restart, session.id), last, recorder)
    if ends:
        controller.act("tracks ended", [], play_ends=ends)


def _interrupted(plays: Sequence[Play], last: Stamp, recorder: Recorder) -> tuple[PlayEnd, ...]:
    """Each of ``plays`` ended at ``last``: the stopped run was running until then."""
    seconds = last.session_seconds if last.session_seconds is not None else 0.0
    return tuple(
        PlayEnd(play, last.utc, max(seconds, play.session_seconds), INTERRUPTED,
                id=recorder.new_id("plays"))
        for play in plays
    )  # fmt: skip


STILL_DOUBTED = (
    "The session clock was read from the computer's clock after a restart that could "
    "not check it, and that clock has not been set since: check the date and time in "
    "the system settings."
)


def check_clock(controller: SessionController, last: Stamp | None, problems: list[str]) -> str:
    """At start: a wall clock moved while the app was closed is a recorded jump (or,
    after a restart that could not check it, its fix); a clock in doubt is said."""
    session = controller.session
    if session is None or not controller.is_open():
        return ""
    clock = controller.clock
    doubted = controller.clock_doubted()
    if last is not None and last.session_seconds is not None and not doubted:
        # (while doubted, what was saved since that restart was read on the clock in
        # doubt: its fix may take the session clock back below it)
        controller.keep_at_least(last.session_seconds)
    found = check_restart(last, clock.now(), clock.boot_id(), clock.boottime(), session.speed)
    timeline = controller.timeline
    if found.jump and timeline is not None and timeline.takes_as_fix(found.jump):
        controller.record_fix(found.jump, {"while": "closed"})
        problems.append(
            f"The computer's clock was set by {clock_text(round(found.jump / session.speed))} "
            "while pap-guide was closed, after a restart that could not check it; the "
            "session clock follows it and the change is recorded."
        )
    elif found.jump:
        controller.record_jump({"seconds": found.jump, "while": "closed"})
        problems.append(
            f"The computer's clock moved by {clock_text(round(found.jump / session.speed))} while "
            "pap-guide was "
            "closed; the session clock is corrected and the change is recorded."
        )
    doubt = found.doubt
    if not doubt and doubted and controller.clock_doubted():  # still: not set since
        doubt = STILL_DOUBTED
    if doubt:
        problems.append(doubt)
    return doubt
