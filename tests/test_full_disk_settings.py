"""A real full disk under the window's preferences (the volume, the temperature unit,
the people, the theme): nothing raises, nothing says "Recorded" that is not, and the choices
are written once there is room."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from tests.helpers.faults import fill, free, small_disk
from tests.helpers.ui import begin, child
from tests.test_full_disk import note, open_window

pytestmark = pytest.mark.slow


def saved(database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(database) as conn:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def test_preferences_changed_on_a_full_disk_are_written_when_space_returns(qtbot, fake_clock):
    with small_disk(4096) as disk:
        data = disk / "data"
        database = data / "pap-guide.db"
        window = open_window(
            qtbot, ["--data-dir", str(data), "--audio-output", "null"], clock=fake_clock
        )
        begin(window)
        window.ticker.stop()  # the test drives the ticks
        volume = child(window, "volumeSlider")
        before = volume.value()
        filler = fill(disk)
        volume.setFocus()
        for _ in range(5):  # each step was an uncaught "database or disk is full"
            qtbot.keyClick(volume, Qt.Key.Key_Down)
        assert volume.value() < before
        fahrenheit = child(window, "fahrenheitCheck")
        fahrenheit.click()
        child(window, "themeButton").click()  # to the day theme: a file of its own
        assert window.theme_name == "day"
        people = child(window, "peopleEdit")
        people.setFocus()
        people.end(False)
        qtbot.keyClicks(people, ", Frank")
        qtbot.keyClick(people, Qt.Key.Key_Return)
        said = window.statusBar().currentMessage()
        assert said.startswith("Frank joined the people in the room. Not yet saved")  # not
        # "Recorded: ..." under a banner saying it was not saved
        fake_clock.advance(60)
        note(qtbot, window, "still typing")  # the session goes on: queued for the disk
        window.on_tick()
        assert not child(window, "pendingLabel").text().startswith("0 ")
        assert saved(database).get("volume") != str(volume.value())
        assert window.runner.recorder.pending

        free(filler)
        fake_clock.advance(60)
        window.on_tick()
        assert window.runner.recorder.pending == []
        kept = saved(database)
        assert kept["volume"] == str(volume.value())
        assert kept["temperature_unit"] == "F"
        assert "Frank" in kept["people"]
        assert (data / "pap-guide.theme").read_text() == "day\n"  # was lost for good
        with sqlite3.connect(database) as conn:
            joined = conn.execute("SELECT data FROM events WHERE kind = 'person_joined'").fetchall()
        assert any("Frank" in data for (data,) in joined)
        window.close()
