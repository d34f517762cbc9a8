"""A scripted session through the real store, for report and export tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from pap_guide.config.locations import Locations
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.clock import FakeClock, RehearsalClock
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.play_log import RecordedPlays
from pap_guide.core.plays import Play
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.plays import PlayRepository
from pap_guide.store.sessions import SessionRepository

PEOPLE = {"Mara Lind": "guide", "Jon Okafor": "co-guide", "Ana Reyes": "monitor"}


def scripted_session(
    data_dir: Path,
    rehearsal: bool = False,
    more: Callable[[LogBook], None] | None = None,
    clock: FakeClock | None = None,
) -> int:
    """An MDMA session with doses, vitals, notes, an amendment, music, an early end;
    ``more`` logs what else a test needs, two hours after the second dose."""
    base = clock or FakeClock()
    clock = RehearsalClock(base, 60, base.now()) if rehearsal else base
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    db = open_database(locations.database)
    repository = SessionRepository(db)
    controller = SessionController(
        clock, repository, catalog.protocols, Recorder(ActionRepository(db))
    )
    desk = SessionDesk(controller)
    desk.start("mdma", "P-0142", "dosing", PEOPLE)

    def context() -> Context:
        return Context(
            controller.session.id, controller.protocol, controller.state(), "Inward Tide"
        )

    book = LogBook(clock, EntryRepository(db), context, controller.recorder)
    plays = RecordedPlays(controller.recorder, PlayRepository(db), clock)

    def advance(seconds: float) -> None:
        base.advance(seconds / (60 if rehearsal else 1))

    for item in desk.protocol.setup.checklist:
        desk.tick(item, "Ana Reyes")
    book.vitals({"systolic": "124", "diastolic": "80", "heart_rate": "70"}, False, "Ana Reyes")
    advance(120)
    desk.dose(120, "Mara Lind", when=clock.now() - timedelta(seconds=60), lot="MD-55")
    start = plays.track_started(
        Play(
            controller.session.id,
            clock.now(),
            controller.state().elapsed,
            "Introspection",
            Path("/music/inward.ogg"),
            "Inward Tide",
        )
    )
    advance(1800)
    book.vitals(
        {"systolic": "168", "diastolic": "96", "heart_rate": "104", "temperature_c": "100.4"},
        True,
        "Ana Reyes",
    )
    note = book.note('=HYPERLINK("x") jaw tension, water given', "Ana Reyes")
    book.rating("SUDS", "6", "Ana Reyes")
    advance(3600)
    controller.advance_phase()
    plays.track_ended(start, clock.now(), controller.state().elapsed, "phase change")
    plays.track_started(
        Play(
            controller.session.id,
            clock.now(),
            controller.state().elapsed,
            "Peak",
            Path("/music/open-sky.ogg"),
            "Open Sky",
        )
    )
    wrong = book.vitals({"systolic": "210", "diastolic": "80"}, False, "Ana Reyes")
    book.correct(wrong, {"systolic": "130", "diastolic": "80"}, "typo: 130 not 210", "Jon Okafor")
    book.strike(note, "wrong patient's note", "Ana Reyes")
    book.adverse("Vomited once", "mild", "bowl and water", "Ana Reyes")
    desk.dose(60, "Mara Lind")
    advance(2 * 3600)
    if more is not None:
        more(book)
    for item in desk.protocol.setup.discharge:
        desk.tick_discharge(item, "Mara Lind")
    desk.end("Mara Lind", "completed, discharged with escort", reason="stable, asked to go")
    db.close()
    return controller.session.id


def corrected_twice(book: LogBook) -> None:
    """A reading corrected twice (a sign taken away, then a pulse recounted), a note
    corrected twice, then struck out, a reading struck out and an adverse event
    struck out."""
    reading = book.vitals(
        {"systolic": "210", "diastolic": "80", "heart_rate": "90", "spo2": "98",
         "temperature_c": "38.6"},
        False,
        "Ana Reyes",
    )  # fmt: skip
    first = book.correct(
        reading,
        {"systolic": "170", "diastolic": "80", "heart_rate": "90", "spo2": "98"},
        "cuff slipped; no thermometer used",
        "Jon Okafor",
    )
    book.correct(
        first,
        {"systolic": "170", "diastolic": "80", "heart_rate": "104", "spo2": "98"},
        "pulse recounted",
        "Ana Reyes",
    )
    note = book.note("Patient asks for a blanket", "Ana Reyes")
    second = book.correct(
        note, {"text": "Patient asks for a blanket and water"}, "water too", "Ana Reyes"
    )
    third = book.correct(
        second, {"text": "Patient asks for water"}, "no blanket after all", "Jon Okafor"
    )
    book.strike(third, "written for the wrong session", "Mara Lind")
    wrong = book.vitals({"heart_rate": "151", "spo2": "91"}, False, "Jon Okafor")
    book.strike(wrong, "the pulse oximeter was on the guide's finger", "Jon Okafor")
    retched = book.adverse("Retching", "moderate", "", "Jon Okafor")
    book.strike(retched, "it was the guide's cough", "Jon Okafor")
