"""What the app checks as it starts: the open session, the wall clock, unsaved entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pap_guide.core.action_file import RecoveryFile
from pap_guide.core.actions import Action, StoreRefused
from pap_guide.core.clock_trust import check_restart
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import LogBook
from pap_guide.core.protocol import ProtocolCatalog
from pap_guide.core.session import EventKind
from pap_guide.core.timefmt import clock_text
from pap_guide.store import chain
from pap_guide.store.actions import ActionRepository
from pap_guide.store.sessions import SessionRepository


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


def check_chain(conn: Any, problems: list[str]) -> None:
    """A break in the record's hash chain is shown; the record is never 'repaired'."""
    broken = chain.verify(conn)
    if broken is not None:
        problems.append("Warning: " + broken.text())


def waiting(recovery: RecoveryFile, problems: list[str]) -> list[Action]:
    """Entries left unsaved at the last close (kept in the recovery file)."""
    try:
        return recovery.load()
    except (OSError, ValueError) as exc:
        problems.append(f"A file of unsaved entries in {recovery.folder} cannot be read ({exc}).")
        return []


def recovery_offer(
    recovery: RecoveryFile,
    actions: ActionRepository,
    controller: SessionController,
    book: LogBook,
) -> tuple[int, Callable[[], str]] | None:
    """How many entries wait in the recovery files, and how to add them (asked first)."""
    count = len(waiting(recovery, []))
    if not count:
        return None

    def add() -> str:
        try:
            added = recovery.add_to(actions)
        except StoreRefused as refused:
            return (
                f"The {count} entries from the last run cannot be saved yet ({refused.reason}); "
                f"they stay in {recovery.folder} and are offered again at the next start."
            )
        controller.resume()
        book.reload()
        return (
            f"{added} entries that could not be saved when pap-guide last closed were added "
            f"to the record with their original times (from {recovery.folder})."
        )

    return count, add


def check_clock(
    controller: SessionController, actions: ActionRepository, problems: list[str]
) -> str:
    """At start: a wall clock moved while the app was closed is a recorded jump."""
    session = controller.session
    if session is None or not controller.is_open():
        return ""
    clock, last = controller.clock, actions.last_stamp(session.id)
    if last is not None and last.session_seconds is not None:
        controller.keep_at_least(last.session_seconds)
    found = check_restart(last, clock.now(), clock.boot_id(), clock.boottime(), session.speed)
    if found.jump:
        controller.act(
            "clock jump", [(EventKind.CLOCK_JUMP, {"seconds": found.jump, "while": "closed"})]
        )
        problems.append(
            f"The computer's clock moved by {clock_text(found.jump)} while pap-guide was "
            "closed; the session clock is corrected and the change is recorded."
        )
    if found.doubt:
        problems.append(found.doubt)
    return found.doubt
