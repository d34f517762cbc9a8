"""A long scripted session through the real store, for export speed tests and the
benchmark (bench/export_speed.py): any number of log entries of every kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from pap_guide.config.locations import Locations
from pap_guide.core import entries as kinds
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.clock import FakeClock
from pap_guide.core.controller import SessionController
from pap_guide.core.entries import Entry
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.core.report import Report, build_report
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.sessions import SessionRepository

PEOPLE = {"Mara Lind": "guide", "Jon Okafor": "co-guide", "Ana Reyes": "monitor"}
TAGS = ("nausea", "anxiety", "jaw tension", "emotional release", "water")


def long_session(data_dir: Path, entries: int) -> int:
    """An MDMA session of ``entries`` log entries, saved one by one as the app saves
    them: notes, observations, vitals every tenth entry, ratings, adverse events,
    corrections and strike-outs, two doses. The session's id."""
    clock = FakeClock()
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    db = open_database(locations.database)
    controller = SessionController(
        clock, SessionRepository(db), catalog.protocols, Recorder(ActionRepository(db))
    )
    desk = SessionDesk(controller)
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    book = LogBook(
        clock,
        EntryRepository(db),
        lambda: Context(controller.session.id, controller.protocol, controller.state(), "Tide"),
        controller.recorder,
    )
    for item in desk.protocol.setup.checklist:
        desk.tick(item, "Ana Reyes")
    desk.dose(120, "Mara Lind", lot="MD-55")
    step = 8 * 3600 / max(entries, 1)  # the entries spread over the eight hours
    for number in range(entries):
        clock.advance(step)
        if number == entries // 4:
            desk.dose(60, "Mara Lind", lot="MD-55", reason="asked for the half dose")
        if number == entries // 3:  # Peak a little early
            controller.advance_phase()
        _one_entry(book, number)
    db.close()
    return controller.session.id


def _one_entry(book: LogBook, number: int) -> Entry:
    """Entry ``number`` of the script: a mix of every kind, some amended later."""
    author = ("Ana Reyes", "Jon Okafor")[number % 2]
    kind = number % 10
    if kind == 0:
        high = number % 70 == 0  # now and then a reading over the limits
        typed = {
            "systolic": str(170 if high else 118 + number % 9),
            "diastolic": str(78 + number % 7),
            "heart_rate": str(104 if high else 70 + number % 11),
            "temperature_c": "37.1",
        }
        return book.vitals(typed, False, author)
    if kind in (1, 4, 7):
        entry = book.note(f"note {number}: resting, breathing slow, asked for water", author)
        if number % 37 == 1:
            book.correct(entry, {"text": f"note {number}: resting"}, "typo", "Jon Okafor")
        elif number % 53 == 4:
            book.strike(entry, "wrong patient's note", "Ana Reyes")
        return entry
    if kind in (2, 5, 8):
        return book.observation(TAGS[number % len(TAGS)], author)
    if kind in (3, 9):
        entry = book.rating("SUDS", str(number % 11), author)
        if number % 41 == 3:
            value = "4" if number % 11 != 4 else "5"  # a correction that changes nothing is refused
            book.correct(entry, {"value": value}, "misheard", "Jon Okafor")
        return entry
    return book.adverse("Vomited once", "mild", "bowl and water", author)


def stretched_report(report: Report, entries: int) -> Report:
    """``report`` with its log grown to about ``entries`` entries, copies of its own
    with new ids and later times, built by the core as the store's rows would be
    (for growth tests: no disk in the way)."""
    own = [entry for entry in report.entries if entry.amends is None]
    step = (report.length or 3600.0) / max(entries, 1)
    start = report.dose_at or report.record.created
    grown: list[Entry] = []
    for number in range(entries):
        seconds = number * step
        original = replace(
            own[number % len(own)],
            id=len(grown) + 1,
            utc=start + timedelta(seconds=seconds),
            session_seconds=seconds,
        )
        grown.append(original)
        cycle = number // len(own)  # one pass over the report's own entries
        if cycle % 3 == 0 and original.kind in (kinds.NOTE, kinds.VITALS):
            amended = replace(original, id=len(grown) + 1, amends=original.id, reason="typo")
            struck = original.kind == kinds.NOTE and cycle % 2 == 0  # notes struck, or fixed
            grown.append(replace(amended, struck=struck))
    return build_report(
        report.record,
        report.protocol,
        report.events,
        grown,
        report.plays,
        report.first_at_center,
        report.play_ends,
    )
