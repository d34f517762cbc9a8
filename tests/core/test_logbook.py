"""The logbook against the real SQLite store and a fake clock."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pap_guide.config.locations import Locations
from pap_guide.core.controller import SessionController
from pap_guide.core.entries import ADVERSE, NOTE, VITALS, describe
from pap_guide.core.logbook import Context, EntryRefused, LogBook
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.sessions import SessionRepository


@pytest.fixture
def rig(tmp_path, fake_clock):
    db = open_database(tmp_path / "p.db")
    locations = Locations(tmp_path / "none")
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    controller = SessionController(
        fake_clock, SessionRepository(db), catalog.protocols, Recorder(ActionRepository(db))
    )
    controller.start("standard-6h")

    def context():
        if controller.session is None:
            return None
        return Context(controller.session.id, controller.protocol, controller.state(), "t.ogg")

    return controller, LogBook(fake_clock, EntryRepository(db), context, controller.recorder), db


def test_note_is_saved_with_its_context(rig, fake_clock):
    controller, book, _ = rig
    fake_clock.advance(2 * 3600 + 20 * 60)
    entry = book.note("  Patient smiling, asks for water \x07 ", "Mara")
    assert entry.id is not None
    assert entry.data == {"text": "Patient smiling, asks for water"}
    assert entry.phase == "Peak" and entry.session_seconds == 8400
    assert entry.track == "t.ogg" and entry.author == "Mara"
    assert book.lines()[0].current == entry


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "x" * 4001])
def test_bad_notes_are_refused_with_a_message(rig, text):
    _, book, _ = rig
    with pytest.raises(EntryRefused) as info:
        book.note(text, "Mara")
    assert info.value.errors["note"]
    assert book.lines() == []


def test_vitals_flagged_and_repeat_reminder(rig, fake_clock):
    _, book, _ = rig
    fake_clock.advance(60)
    entry = book.vitals({"systolic": "172", "diastolic": "95", "heart_rate": "88"}, False, "Mara")
    assert entry.flags == ("Systolic pressure 172 mmHg above 160",)
    assert book.lines()[0].flagged
    status = book.check()
    assert status.text.startswith("Repeat check") and status.due_at == 60 + 15 * 60


def test_refused_vitals_save_nothing(rig):
    _, book, _ = rig
    with pytest.raises(EntryRefused) as info:
        book.vitals({"systolic": "80", "diastolic": "120"}, False, "Mara")
    assert "below systolic" in info.value.errors["diastolic"]
    assert book.lines() == []


def test_ratings_and_adverse_events(rig):
    _, book, _ = rig
    rating = book.rating("SUDS", "3", "Mara")
    assert describe(rating) == "SUDS 3 (0–10)"
    with pytest.raises(EntryRefused, match="outside 0 to 10"):
        book.rating("SUDS", "11", "Mara")
    with pytest.raises(EntryRefused, match="whole number"):
        book.rating("SUDS", "three", "Mara")
    for slip in ("1_0", "+5", "-0", "5.", "1e1"):  # int() took the first three
        with pytest.raises(EntryRefused, match="whole number"):
            book.rating("SUDS", slip, "Mara")
    assert describe(book.rating("SUDS", " ٧ ", "Mara")) == "SUDS 7 (0–10)"  # Arabic-Indic
    event = book.adverse("Vomited once", "mild", "Bowl, water", "Mara")
    assert event.kind == ADVERSE and describe(event).startswith("ADVERSE EVENT (mild)")
    with pytest.raises(EntryRefused) as info:
        book.adverse("", "awful", "", "Mara")
    assert set(info.value.errors) == {"what", "severity"}


def test_corrections_and_strikes_keep_the_original(rig):
    _, book, db = rig
    original = book.vitals({"systolic": "210", "diastolic": "80"}, False, "Mara")
    fixed = book.correct(original, {"systolic": "120", "diastolic": "80"}, "typo", "Jon")
    line = book.lines()[0]
    assert line.original == original and line.current == fixed
    assert not line.flagged
    assert fixed.amends == original.id and fixed.reason == "typo" and fixed.author == "Jon"
    note = book.note("wrong patient", "Mara")
    book.strike(note, "entered in error", "Mara")
    struck = book.lines()[0]
    assert struck.struck and struck.original.data["text"] == "wrong patient"
    with pytest.raises(EntryRefused, match="why"):
        book.strike(note, " ", "Mara")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE entries SET data = '{}' WHERE id = ?", [original.id])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM entries")
    assert [e.kind for e in EntryRepository(db).entries(1)] == [VITALS, VITALS, NOTE, NOTE]


def test_a_correction_that_changes_nothing_is_refused(rig):
    _, book, db = rig
    reading = book.vitals({"systolic": "120", "diastolic": "80", "heart_rate": "72"}, False, "M")
    same = {"systolic": "120.0", "diastolic": "80", "heart_rate": "72"}
    with pytest.raises(EntryRefused, match="Nothing changed"):
        book.correct(reading, same, "checked again", "Mara")
    note = book.note("calm", "Mara")
    with pytest.raises(EntryRefused, match="Nothing changed"):
        book.correct(note, {"text": " calm "}, "checked again", "Mara")
    assert len(EntryRepository(db).entries(1)) == 2  # nothing saved


def test_an_observation_is_refused_a_correction_before_its_reason_is_read(rig):
    _, book, _ = rig
    seen = book.observation("tearful", "Mara")
    # the kind is refused first: no reason (empty) is asked for in vain
    with pytest.raises(EntryRefused, match="can only be struck out"):
        book.correct(seen, {}, "", "Mara")


def test_a_missing_reason_is_asked_for_in_the_words_of_what_is_done(rig):
    _, book, _ = rig
    note = book.note("calm", "Mara")
    with pytest.raises(EntryRefused, match="Say why the entry is corrected"):
        book.correct(note, {"text": "calmer"}, "  ", "Mara")
    with pytest.raises(EntryRefused, match="Say why the entry is struck out"):
        book.strike(note, "", "Mara")  # it said "amended"


def test_a_struck_out_entry_is_neither_corrected_nor_struck_again(rig):
    """A correction of a struck-out entry brought it back, unstruck, in every export."""
    _, book, db = rig
    reading = book.vitals({"heart_rate": "131"}, False, "Mara")
    struck = book.strike(reading, "probe off", "Mara")
    with pytest.raises(EntryRefused, match="cannot be corrected"):
        book.correct(struck, {"heart_rate": "72"}, "probe on again", "Jon")
    with pytest.raises(EntryRefused, match="Already struck out"):
        book.strike(struck, "probe off", "Jon")
    assert len(EntryRepository(db).entries(1)) == 2  # nothing saved
    assert book.lines()[0].struck


def test_an_observation_keeps_the_capitals_of_its_tag(rig):
    _, book, _ = rig
    seen = book.observation("SpO2 dip during MDMA peak", "Mara")
    assert describe(seen) == "SpO2 dip during MDMA peak"  # not "Spo2 dip during mdma peak"
    assert describe(book.observation("tearful", "Mara")) == "Tearful"


def test_no_entry_without_an_open_session(rig):
    controller, book, _ = rig
    controller.end()
    with pytest.raises(EntryRefused, match="No session is open"):
        book.note("late", "Mara")


def test_check_schedule_moves_with_saved_vitals(rig, fake_clock):
    _, book, _ = rig
    assert book.check().due_at == 0
    book.vitals({"heart_rate": "70"}, False, "Mara")
    assert book.check().due_at == 1800
    fake_clock.advance(1800 + 6 * 60)
    assert book.check().overdue


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_note_text_is_saved_cleanly_or_refused_with_a_message(rig, text):
    _, book, _ = rig
    try:
        entry = book.note(text, "Mara")
    except EntryRefused as refused:
        assert refused.errors["note"].strip()
    else:
        assert entry.data["text"] == entry.data["text"].strip() and entry.data["text"]


def test_an_adverse_action_over_the_limit_is_refused_never_cut(rig):
    controller, book, db = rig
    with pytest.raises(EntryRefused) as refused:
        book.adverse("vomited", "mild", "x" * 1001, "Ana")
    assert "Too long: 1001 characters, at most 1000" in refused.value.errors["action"]
    assert book.adverse("vomited", "mild", "", "Ana").data["action"] == ""


def test_entries_recovered_that_were_saved_after_all_are_shown_once(rig, fake_clock):
    from pap_guide.core.actions import Action, stamp

    controller, book, _ = rig
    note = book.note("settled", "Mara")
    fixed = book.correct(note, {"text": "settled, eyes closed"}, "typo", "Mara")
    # the unsaved-entries file of a run killed after the save, before the file was rewritten
    when = stamp(fake_clock, controller.state())
    book.absorb([Action("correction", when, controller.session.id, entries=(fixed,))])
    assert [len(line.history) for line in book.lines()] == [2]
    assert book.lines()[0].current == fixed


def test_an_override_typed_in_what_happened_ends_before_the_action(rig):
    _, book, _ = rig
    entry = book.adverse("\u202evomited", "mild", "bowl and water", "Mara")
    assert describe(entry) == "ADVERSE EVENT (mild): \u202evomited\u202c; action: bowl and water"
