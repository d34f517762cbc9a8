"""When no audio output opens, libVLC plays on in silence; the Player says so."""

from __future__ import annotations

from pap_guide.playback.player import Player
from tests.playback.conftest import vlc_backend_for


def test_unreachable_pulseaudio_is_reported(qtbot, monkeypatch, tone_files, tmp_path):
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-server")
    player = Player(vlc_backend_for("pulse"))
    with qtbot.waitSignal(player.output_failed, timeout=5000):
        player.play(tone_files["a"], 0.5, fade=0.05)
    player.shutdown()
