"""A track replaced while the app runs, heard: never played at the old file's gain.

A clinic's music folder can change under a running app (a sync, a re-export).
Both tracks of a phase are measured; then the second file is replaced by one
12 dB louder. When it comes to play, the measurement of the old file must not
be used: it starts at the unmeasured track's gain (never louder than the
reference), is measured ahead of anything else, and glides to its own gain.
The conductor and the player run as in the app, through libVLC into a
PulseAudio null sink, with the real loudness scanner and cache.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from pap_guide.app.levels import LevelBook
from pap_guide.core.clock import FakeClock
from pap_guide.core.conductor import Conductor
from pap_guide.core.loudness import Measurement
from pap_guide.core.playlist import Playlist, Track
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.playback.backends import VlcBackend
from pap_guide.playback.player import Player
from pap_guide.store.database import open_records
from pap_guide.store.track_levels import TrackLevels
from tests.helpers.audio import tone
from tests.helpers.conduct import conduct_for
from tests.helpers.fake_player import MemoryHistory
from tests.helpers.memory_store import memory_controller
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = [pytest.mark.audio, pytest.mark.slow]

PLAN = SessionProtocol("plan", "Plan", 60, (Phase("Calm", 0, "a", 1.0, 1.0),))
FIRST, SECOND = 44, 66  # zero crossings in 50 ms: 440 Hz and 660 Hz
OVERLAP = 3.2  # seconds: the crossfade between tracks (TRACK_OVERLAP), and a little


def db(ratio: float) -> float:
    return 20 * math.log10(ratio)


def levels_of(heard, crossings: int) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """(second, RMS) of each window where this tone sounds on its own."""
    return [(t, rms) for t, rms, zc in heard if abs(zc - crossings) <= 2 and rms > 0.002]


def test_a_file_replaced_by_a_louder_one_is_never_played_at_the_old_gain(tmp_path, qtbot):
    first = tone(tmp_path / "first.wav", 440, 12.0, 0.25)
    second = tone(tmp_path / "second.wav", 660, 12.0, 0.25)
    book = LevelBook(TrackLevels(open_records(tmp_path / "records.db")))
    book.measure_missing([first, second])
    qtbot.waitUntil(lambda: not book.busy(), timeout=30000)
    measured = book.measurement(second)
    assert isinstance(measured, Measurement)
    louder = tone(tmp_path / "louder.wav", 660, 12.0, 1.0)  # 12 dB louder, the same length
    os.replace(louder, second)  # as a sync tool replaces a file: a new file, the same name
    assert book.measurement(second) is None  # not the old file's measurement
    clock = FakeClock()
    controller = memory_controller(clock, {"plan": PLAN})
    playlist = Playlist("a", Path("a"), (Track(first, "first"), Track(second, "second")))
    with null_sink(tmp_path) as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_SERVER", server)
        player = Player(VlcBackend("pulse"))
        player.set_master(1.0)
        conductor = Conductor(
            clock, player, MemoryHistory(), lambda _p, _i: playlist, print, book.measurement
        )
        player.track_finished.connect(conductor.track_finished)
        qtbot.wait(300)
        with recording(server, tmp_path / "out.raw") as raw:
            conduct_for(22.0, conductor, controller, clock, qtbot)
        player.shutdown()
    book.stop()
    heard = window_levels(raw)
    reference = sorted(rms for _, rms in levels_of(heard, FIRST))
    assert len(reference) >= 60, "the first track was not heard"
    # the measured track at its gain, past its 5 s fade-in (the upper quartile's start)
    at_reference = reference[len(reference) * 3 // 4]
    second_heard = levels_of(heard, SECOND)
    assert len(second_heard) >= 100, "the replaced track was not heard"
    begins, ends = second_heard[0][0], second_heard[-1][0]
    alone = [rms for t, rms in second_heard if begins + OVERLAP <= t <= ends - OVERLAP]
    # the crossfades sum two tracks' power: a little over either, never 12 dB
    assert db(max(rms for _, rms in second_heard) / at_reference) <= 2.0
    assert db(max(alone) / at_reference) <= 1.0, (
        f"the replaced track played {db(max(alone) / at_reference):+.1f} dB over the reference"
    )
    assert abs(db(sorted(alone)[len(alone) // 2] / at_reference)) <= 1.0, (
        "once measured, the replaced track was not brought to the reference"
    )
