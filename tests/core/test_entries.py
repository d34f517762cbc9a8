"""What a typed text becomes when it is saved: as typed, less control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pap_guide.config.locations import Locations
from pap_guide.core.controller import SessionController
from pap_guide.core.entries import MAX_TEXT, clean_text
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.sessions import SessionRepository

ZWNJ, ZWJ = "\u200c", "\u200d"
PERSIAN = f"می{ZWNJ}خواهم"  # "I want": the non-joiner keeps می apart from خواهم
FAMILY = f"👩{ZWJ}👩{ZWJ}👧"  # one emoji, three code points joined
CONTROLS = (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
REMOVED = [chr(c) for c in CONTROLS]  # carriage return aside: a line break
KEPT_FORMAT = ["\u200e", "\u200f", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u2060"]


@pytest.mark.parametrize("text", [PERSIAN, FAMILY, "🏳️‍🌈", "क्‍ष", f"a{ZWJ}b{ZWNJ}c"])
def test_joiners_and_emoji_sequences_are_kept_as_typed(text):
    assert clean_text(text) == text


@pytest.mark.parametrize("char", KEPT_FORMAT)
def test_other_format_characters_are_kept(char):
    assert clean_text(f"a{char}b") == f"a{char}b"


@pytest.mark.parametrize("char", REMOVED)
def test_c0_del_and_c1_controls_are_removed(char):
    assert clean_text(f"a{char}b") == "ab"


def test_tab_and_newline_are_kept_and_carriage_returns_are_line_breaks():
    assert clean_text("a\tb\nc") == "a\tb\nc"
    assert clean_text("a\r\nb\rc") == "a\nb\nc"


def test_surrounding_whitespace_is_trimmed_inside_is_not():
    assert clean_text("  \t a  b \n ") == "a  b"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x7f\x9b", " \n\t "])
def test_nothing_left_is_refused(text):
    with pytest.raises(ValueError, match="Type something"):
        clean_text(text)


def test_a_text_over_the_limit_is_refused_with_the_limit_never_cut():
    assert clean_text("x" * MAX_TEXT) == "x" * MAX_TEXT
    with pytest.raises(
        ValueError, match=f"Too long: {MAX_TEXT + 1} characters, at most {MAX_TEXT}"
    ):
        clean_text("x" * (MAX_TEXT + 1))
    with pytest.raises(ValueError, match="at most 10"):
        clean_text(FAMILY * 3, limit=10)  # 15 code points


# Any character but the controls removed above (and surrogates, which no
# keyboard makes and UTF-8 cannot hold).
typed_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="".join(REMOVED) + "\r",
)


@given(st.text(typed_chars, min_size=1, max_size=200))
def test_text_without_controls_is_saved_exactly_as_typed_but_for_the_ends(text):
    if not text.strip():
        return
    assert clean_text(text) == text.strip()


@given(st.text(max_size=200))
def test_any_text_is_saved_without_controls_or_refused(text):
    try:
        kept = clean_text(text)
    except ValueError as refused:
        assert str(refused)
    else:
        assert kept == kept.strip() and kept
        assert not any(ch in kept for ch in REMOVED)


def test_a_persian_note_and_an_emoji_sequence_come_back_from_the_database(tmp_path, fake_clock):
    db = open_database(tmp_path / "p.db")
    locations = Locations(tmp_path / "none")
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    controller = SessionController(
        fake_clock, SessionRepository(db), catalog.protocols, Recorder(ActionRepository(db))
    )
    controller.start("standard-6h")
    session = controller.session
    assert session is not None

    def context():
        return Context(session.id, controller.protocol, controller.state())

    book = LogBook(fake_clock, EntryRepository(db), context, controller.recorder)
    book.note(f"{PERSIAN} {FAMILY}", "Mara")
    assert [e.data["text"] for e in EntryRepository(db).entries(session.id)] == [
        f"{PERSIAN} {FAMILY}"
    ]
