"""The Player's behaviour, the same against the null backend and libVLC.

libVLC's dummy output is not paced to real time, so nothing here measures
durations: only what happens and in which order.
"""

from __future__ import annotations

import math

import pytest

from pap_guide.playback.decks import vlc_volume
from pap_guide.playback.player import RISE_SECONDS


def test_play_reports_the_track_and_fades_in_to_its_level(rig):
    player = rig.player
    player.set_master(0.8)
    with rig.qtbot.waitSignal(player.track_started, timeout=3000) as started:
        player.play(rig.tracks["a"], 0.5, fade=0.1)
    assert started.args == [str(rig.tracks["a"])]
    assert player.state == "playing"
    rig.settle(0.3)
    assert player.amplitudes()[str(rig.tracks["a"])] == pytest.approx(0.4)


def test_fade_in_starts_from_silence(rig):
    rig.player.set_master(1.0)
    rig.settle(0.3)
    rig.player.play(rig.tracks["a"], 0.7, fade=30.0)
    assert rig.player.amplitudes()[str(rig.tracks["a"])] < 0.05


def test_crossfade_replaces_the_old_track(rig):
    player = rig.player
    player.set_master(1.0)
    player.play(rig.tracks["a"], 0.6, fade=0.05)
    rig.settle(0.1)
    with rig.qtbot.waitSignal(player.track_started, timeout=3000) as started:
        player.play(rig.tracks["b"], 0.6, fade=0.2)
    assert started.args == [str(rig.tracks["b"])]
    assert set(player.amplitudes()) == {str(rig.tracks["a"]), str(rig.tracks["b"])}
    rig.settle(0.5)
    assert set(player.amplitudes()) == {str(rig.tracks["b"])}
    assert player.current_path() == rig.tracks["b"]


def test_pause_hush_and_resume(rig):
    player = rig.player
    player.set_master(1.0)
    player.play(rig.tracks["a"], 0.5, fade=0.05)
    rig.settle(0.1)
    with rig.qtbot.waitSignal(player.state_changed) as changed:
        player.pause(fade=0.1)
    assert changed.args == ["paused"]
    rig.settle(0.3)
    assert player.amplitudes()[str(rig.tracks["a"])] == 0.0
    player.resume(fade=0.1)
    assert player.state == "playing"
    rig.settle(0.3)
    assert player.amplitudes()[str(rig.tracks["a"])] == pytest.approx(0.5)
    player.hush(fade=0.1)
    assert player.state == "hushed"
    rig.settle(0.3)
    assert player.amplitudes()[str(rig.tracks["a"])] == 0.0


@pytest.mark.parametrize(
    ("asked", "kept"), [(5.0, 1.0), (-1.0, 0.0), (math.nan, 0.0), (math.inf, 0.0), (0.3, 0.3)]
)
def test_master_volume_is_clamped(rig, asked, kept):
    rig.player.set_master(asked)
    assert rig.player.master() == kept


def test_volume_change_glides(rig):
    player = rig.player
    player.set_master(0.2)
    player.play(rig.tracks["a"], 1.0, fade=0.05)
    rig.settle(0.5)
    player.set_master(1.0)
    assert player.amplitudes()[str(rig.tracks["a"])] < 0.5  # not there at once
    rig.settle(0.5)
    # up no faster than the whole range in RISE_SECONDS: End on the slider is no blast
    assert player.amplitudes()[str(rig.tracks["a"])] < 0.5
    rig.settle(RISE_SECONDS)
    assert player.amplitudes()[str(rig.tracks["a"])] == pytest.approx(1.0)
    player.set_master(0.1)
    rig.settle(0.4)  # down at once (well, in MASTER_FADE)
    assert player.amplitudes()[str(rig.tracks["a"])] == pytest.approx(0.1)


def test_natural_end_is_reported(rig):
    player = rig.player
    with rig.qtbot.waitSignal(player.track_finished, timeout=5000) as finished:
        player.play(rig.tracks["short"], 0.5, fade=0.05)
        rig.settle(0.5)
    assert finished.args == [str(rig.tracks["short"])]
    assert player.state == "stopped"


def test_missing_file_is_an_error_not_a_stall(rig, tmp_path):
    player = rig.player
    with rig.qtbot.waitSignal(player.error, timeout=5000) as failed:
        player.play(tmp_path / "gone.ogg", 0.5, fade=0.05)
        rig.settle(0.1)
    assert failed.args[0] == str(tmp_path / "gone.ogg")
    assert player.current_path() is None


def test_stop_fades_everything_out(rig):
    player = rig.player
    player.play(rig.tracks["a"], 0.5, fade=0.05)
    rig.settle(0.1)
    player.stop(fade=0.1)
    rig.settle(0.3)
    assert player.amplitudes() == {}
    assert player.state == "stopped"


def test_vlc_volume_is_the_cube_root_of_amplitude():
    assert vlc_volume(1.0) == 100
    assert vlc_volume(0.125) == 50
    assert vlc_volume(0.0) == 0
    assert vlc_volume(2.0) == 126  # +6 dB, the most a quiet track's gain may lift it
    assert vlc_volume(7.0) == 126  # and never more


def test_a_gain_set_while_playing_glides_there(rig):
    player = rig.player
    player.set_master(1.0)
    track = str(rig.tracks["a"])
    player.play(rig.tracks["a"], 1.0, fade=0.05, gain=0.1)
    rig.settle(0.4)  # the master volume's glide done too
    assert player.amplitudes()[track] == pytest.approx(0.1)
    player.set_gain(0.8, seconds=0.6)
    heard = []
    for _ in range(4):
        rig.settle(0.1)
        heard.append(player.amplitudes()[track])
    # on its way: rising, the first step past where it was and short of where it goes
    # (the glide is on the wall clock with libVLC: a loaded machine's settles can be
    # slow enough for the last steps to reach 0.8)
    assert heard == sorted(heard) and 0.1 < heard[0] < 0.8
    rig.settle(0.6)
    assert player.amplitudes()[track] == pytest.approx(0.8)


def test_an_output_lost_while_hushed_is_opened_again_at_resume(rig):
    """The hushed deck's output went (headphones out and back) while it waited:
    resume plays the track on in a new deck from where it was, rising from
    silence, rather than resuming a deck whose output is gone."""
    player = rig.player
    player.set_master(1.0)
    with rig.qtbot.waitSignal(player.track_started, timeout=3000):
        player.play(rig.tracks["a"], 0.5, fade=0.05)
    rig.settle(0.5)
    player.hush(fade=0.1)
    rig.settle(1.0)  # past OUTPUT_SETTLE: not what a released deck says as it goes
    with rig.qtbot.waitSignal(player.output_failed, timeout=3000):
        player._failed(player._now())  # as the backend's log watch reports it
    rig.settle(0.1)
    assert player.state == "hushed" and player.amplitudes()[str(rig.tracks["a"])] == 0.0
    with rig.qtbot.waitSignal(player.track_started, timeout=3000) as again:
        player.resume(fade=0.1)
    assert again.args == [str(rig.tracks["a"])]
    assert player.amplitudes()[str(rig.tracks["a"])] < 0.05  # from silence, not at once
    rig.settle(3.5)
    assert player.amplitudes()[str(rig.tracks["a"])] == pytest.approx(0.5)


def test_the_null_backend_keeps_no_deck_once_the_player_is_done_with_it():
    """It kept every deck it made: one a track, for good (464 after five hours)."""
    import gc
    import weakref

    from pap_guide.playback.backends import NullBackend

    backend = NullBackend()  # lives as long as the window
    deck = backend.make_deck(lambda _event: None)
    gone = weakref.ref(deck)
    del deck
    gc.collect()
    assert gone() is None
