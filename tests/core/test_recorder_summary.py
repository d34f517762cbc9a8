"""What the window says of actions waiting for the disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pap_guide.core.actions import Action, Stamp, StoreRefused
from pap_guide.core.entries import Entry
from pap_guide.core.plays import Play
from pap_guide.core.recorder import Recorder

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
STAMP = Stamp(NOW, 60.0, "Onset")


class FullDisk:
    """A store whose every commit the disk refuses."""

    def last_ids(self) -> dict[str, int]:
        return {}

    def commit(self, action: Action) -> None:
        raise StoreRefused("the disk is full")


def music_row() -> Action:
    play = Play(1, NOW, 60.0, "Onset", Path("track.ogg"), "Track")
    return Action("track started", STAMP, 1, plays=(play,))


def note() -> Action:
    entry = Entry("note", NOW, 60.0, "Onset", "Ana", {"text": "calm"}, session_id=1)
    return Action("note", STAMP, 1, entries=(entry,))


def test_music_rows_alone_are_not_said_as_no_entries():
    """It said "0 entries (and 2 music rows) not yet saved"."""
    recorder = Recorder(FullDisk())
    recorder.submit(music_row())
    recorder.submit(music_row())
    assert recorder.summary().startswith("2 music rows not yet saved: the disk is full.")


def test_entries_and_music_rows_are_said_apart():
    recorder = Recorder(FullDisk())
    recorder.submit(note())
    recorder.submit(music_row())
    assert recorder.summary().startswith("1 entry (and 1 music row) not yet saved")
