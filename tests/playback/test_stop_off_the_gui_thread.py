"""A finished track's libVLC player is stopped and freed off the GUI thread.

libvlc_media_player_stop waits for the track's decoder and output to wind
down: 369 ms measured while notes were typed at thirty a second, on the GUI
thread at the end of each crossfade, so the keys froze three seconds after
every track began (seen in a walkthrough, reproduced in-process). This plays
real tracks through libVLC, crossfades, and records the thread each stop and
release ran on.
"""

from __future__ import annotations

import threading

import vlc

from pap_guide.playback.player import Player
from tests.playback.conftest import vlc_backend_for


def test_the_faded_out_track_is_stopped_and_freed_on_another_thread(qtbot, tone_files, monkeypatch):
    calls: list[tuple[str, str]] = []
    for name in ("stop", "release"):
        real = getattr(vlc.MediaPlayer, name)

        def spy(self, _real=real, _name=name):  # type: ignore[no-untyped-def]
            calls.append((_name, threading.current_thread().name))
            return _real(self)

        monkeypatch.setattr(vlc.MediaPlayer, name, spy)
    player = Player(vlc_backend_for("dummy"))
    player.set_master(1.0)
    player.play(tone_files["a"], 0.5, fade=0.05)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=5000)
    player.play(tone_files["b"], 0.5, fade=0.3)  # a crossfade: a's player retires after it
    qtbot.waitUntil(lambda: len(player.amplitudes()) == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(calls) >= 2, timeout=5000)  # stopped, then freed
    assert calls[:2] == [("stop", "libvlc-stop"), ("release", "libvlc-stop")]
    assert all(thread != threading.main_thread().name for _, thread in calls)
    player.shutdown()
    assert player.amplitudes() == {}
