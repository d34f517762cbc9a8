"""When no audio output opens, libVLC plays on in silence; the Player says so."""

from __future__ import annotations

import time

import pytest

from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.pulse import null_sink, recording, window_levels
from tests.playback.conftest import vlc_backend_for


def test_unreachable_pulseaudio_is_reported(qtbot, monkeypatch, tone_files, tmp_path):
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-server")
    player = Player(vlc_backend_for("pulse"))
    with qtbot.waitSignal(player.output_failed, timeout=5000):
        player.play(tone_files["a"], 0.5, fade=0.05)
    player.shutdown()


@pytest.mark.audio
def test_sound_server_lost_mid_track_is_reported_and_music_comes_back(
    qtbot, monkeypatch, tone_files, tmp_path
):
    lost = tmp_path / "first"
    lost.mkdir()
    sink = null_sink(lost)
    monkeypatch.setenv("PULSE_SERVER", sink.__enter__())
    player = Player(vlc_backend_for("pulse"))
    failures = []
    player.output_failed.connect(lambda: failures.append(True))
    with qtbot.waitSignal(player.track_started, timeout=5000):
        player.play(tone_files["a"], 0.5, fade=0.05)
    qtbot.wait(500)
    assert not failures
    sink.__exit__(None, None, None)  # the sound server (the headphones) goes away
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    back = tmp_path / "second"
    back.mkdir()
    with null_sink(back) as server:  # and comes back
        monkeypatch.setenv("PULSE_SERVER", server)
        with qtbot.waitSignal(player.track_started, timeout=5000):
            player.play(tone_files["b"], 0.5, fade=0.05)  # the next track opens it again
        qtbot.wait(500)  # the old deck, still on the lost server, is gone by now
        failures.clear()
        qtbot.wait(1500)
        assert not failures
        assert player.state == "playing"
        player.shutdown()


@pytest.mark.audio
@pytest.mark.slow
def test_output_back_mid_track_plays_that_track_on_faded_in(qtbot, monkeypatch, tmp_path):
    """Headphones lost and back in the middle of a long piece: the piece is heard
    again, from where it had got to, rising from silence, without waiting for the
    next track (a twenty-minute piece left the room silent to its end)."""
    long = tone(tmp_path / "long.wav", 440, 40.0, 0.25)
    lost = tmp_path / "first"
    lost.mkdir()
    sink = null_sink(lost)
    monkeypatch.setenv("PULSE_SERVER", sink.__enter__())
    player = Player(vlc_backend_for("pulse"))
    player.set_master(1.0)
    failures, starts = [], []
    player.output_failed.connect(lambda: failures.append(True))
    player.track_started.connect(starts.append)
    with qtbot.waitSignal(player.track_started, timeout=5000):
        player.play(long, 1.0, fade=0.05)
    began = time.monotonic()
    qtbot.wait(1000)
    sink.__exit__(None, None, None)  # the sound server goes away mid-piece
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    back = tmp_path / "second"
    back.mkdir()
    with null_sink(back) as server:
        monkeypatch.setenv("PULSE_SERVER", server)
        with recording(server, tmp_path / "out.raw") as raw:
            qtbot.waitUntil(lambda: len(starts) == 2, timeout=40000)  # the same piece again
            qtbot.wait(5000)  # its fade-in, and some
            played, since = player.position()[0], time.monotonic() - began
        player.shutdown()
    # the same piece again (an error the lost output's deck logs as it goes may open
    # it once more: another fade-in, never a jump)
    assert len(starts) >= 2 and set(starts) == {str(long)}
    # played on from where it had got to, not from its start
    assert played is not None and abs(played - since) < 1.5, (played, since)
    heard = window_levels(raw)
    sounding = [(t, rms) for t, rms, zc in heard if rms > 0.01 and abs(zc - 44) <= 2]
    assert sounding, "the track was not heard on the output that came back"
    first = sounding[0][0]
    # it rises from silence: the first second it sounds is quieter than later
    early = [rms for t, rms in sounding if t < first + 0.5]
    late = [rms for t, rms in sounding if t > first + 3.5]
    assert late and max(early) < 0.6 * min(late)
    assert max(rms for _, rms in sounding) < 0.25  # never above the file's own level
