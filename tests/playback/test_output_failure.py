"""When no audio output opens, libVLC plays on in silence; the Player says so."""

from __future__ import annotations

import pytest

from pap_guide.playback.player import Player
from tests.helpers.pulse import null_sink
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
