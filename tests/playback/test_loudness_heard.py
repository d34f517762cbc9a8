"""Even loudness, heard: tracks measured, then played through libVLC into a null sink.

Three steady tones stand in for a library's recordings: one mastered loud,
one 15 dB quieter (a 1960s recording), one 30 dB quieter still. What the
sink receives is measured and compared.
"""

from __future__ import annotations

import math

import pytest

from pap_guide.core.loudness import MAX_BOOST_DB, linear, track_level
from pap_guide.playback.backends import VlcBackend
from pap_guide.playback.loudness_scan import scan
from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = pytest.mark.audio

LOUD, QUIET, FAINT = 0.5, 0.5 * 10 ** (-15 / 20), 0.5 * 10 ** (-30 / 20)


def db(ratio: float) -> float:
    return 20 * math.log10(ratio)


def steady(levels, frequency_crossings: int) -> float:  # type: ignore[no-untyped-def]
    """The median level of the windows where the tone with this pitch sounds alone."""
    mine = sorted(rms for _, rms, zc in levels if abs(zc - frequency_crossings) <= 2 and rms > 0)
    assert len(mine) >= 10, f"the tone crossing zero {frequency_crossings} times was not heard"
    return mine[len(mine) // 2]


def test_tracks_15_db_apart_play_within_1_5_db_and_a_faint_one_gains_6_db_at_most(
    tmp_path, qtbot, monkeypatch
):
    loud = tone(tmp_path / "loud.wav", 440, 4.0, LOUD)
    quiet = tone(tmp_path / "quiet.wav", 660, 4.0, QUIET)
    faint = tone(tmp_path / "faint.wav", 880, 4.0, FAINT)
    levels = {path: track_level(scan(path)) for path in (loud, quiet, faint)}
    assert levels[quiet].gain_db - levels[loud].gain_db == pytest.approx(15, abs=0.2)
    assert levels[faint].gain_db == MAX_BOOST_DB
    with null_sink(tmp_path) as server:
        monkeypatch.setenv("PULSE_SERVER", server)
        player = Player(VlcBackend("pulse"))
        failures: list[bool] = []
        player.output_failed.connect(lambda: failures.append(True))
        player.set_master(1.0)
        qtbot.wait(300)
        with recording(server, tmp_path / "out.raw") as raw:
            for path in (loud, quiet, faint):
                level = levels[path]
                player.play(path, 0.9, fade=0.05, gain=linear(level.gain_db))
                qtbot.wait(2500)
        player.shutdown()
    assert not failures, "libVLC could not open the PulseAudio output"
    heard = window_levels(raw)
    # 50 ms windows: 440 Hz crosses zero 44 times, 660 Hz 66, 880 Hz 88
    loud_out, quiet_out, faint_out = steady(heard, 44), steady(heard, 66), steady(heard, 88)
    assert abs(db(quiet_out / loud_out)) <= 1.5, (
        f"15 dB apart as recorded, {db(quiet_out / loud_out):+.1f} dB apart as played"
    )
    # the gain the faint track got: its output over its file, less what every track gets
    faint_gain = db(faint_out / FAINT) - db(loud_out / LOUD) + levels[loud].gain_db
    assert faint_gain <= MAX_BOOST_DB + 0.5, f"a faint track was lifted {faint_gain:+.1f} dB"
    assert faint_gain >= MAX_BOOST_DB - 1.5  # and it was lifted: not left at a whisper
