"""The chosen output device holds for every track, not only the first ones.

A private PulseAudio server with two null sinks and real libVLC: tracks
crossfade one into the next, and PulseAudio itself is asked which sink each
of pap-guide's streams plays on. Chosen before the music or while a track
plays, the device must carry every later track (a reused libVLC player once
let the third track fall back to the default output, unseen).
"""

from __future__ import annotations

import subprocess

import pytest

from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.pulse import SINK, need, null_sink
from tests.playback.conftest import vlc_backend_for

SECOND = "second_output"


def pactl(*args: str) -> str:
    return subprocess.run(
        [need("pactl"), *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout


def sinks_playing() -> set[str]:
    """The names of the sinks that streams play on now."""
    names = {
        line.split("\t")[0]: line.split("\t")[1]
        for line in pactl("list", "sinks", "short").splitlines()
    }
    streams = pactl("list", "sink-inputs", "short").splitlines()
    return {names[line.split("\t")[1]] for line in streams}


@pytest.fixture
def two_sinks(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    with null_sink(tmp_path) as server:
        monkeypatch.setenv("PULSE_SERVER", server)
        pactl("load-module", "module-null-sink", f"sink_name={SECOND}", "norewinds=1")
        yield


def play_in_a_row(qtbot, player: Player, tracks, after_each) -> None:  # type: ignore[no-untyped-def]
    for track in tracks:
        with qtbot.waitSignal(player.track_started, timeout=5000):
            player.play(track, 0.5, fade=0.2)
        qtbot.waitUntil(lambda: not player.fading(), timeout=5000)
        qtbot.wait(300)  # the old track's stream closed
        after_each(track)


@pytest.mark.usefixtures("two_sinks")
def test_a_device_chosen_before_the_music_holds_for_every_track(qtbot, tmp_path):
    backend = vlc_backend_for("pulse")
    backend.set_output_device(SECOND)
    player = Player(backend)
    tracks = [tone(tmp_path / f"t{i}.wav", 300 + 100 * i, 3.0) for i in range(4)]
    heard: list[set[str]] = []
    play_in_a_row(qtbot, player, tracks, lambda _t: heard.append(sinks_playing()))
    player.shutdown()
    assert heard == [{SECOND}] * len(tracks)


@pytest.mark.usefixtures("two_sinks")
def test_a_device_chosen_while_playing_moves_this_track_and_the_next(qtbot, tmp_path):
    backend = vlc_backend_for("pulse")
    player = Player(backend)
    first, *later = [tone(tmp_path / f"t{i}.wav", 300 + 100 * i, 3.0) for i in range(4)]
    play_in_a_row(qtbot, player, [first], lambda _t: None)
    assert sinks_playing() == {SINK}
    player.set_output_device(SECOND)
    qtbot.waitUntil(lambda: sinks_playing() == {SECOND}, timeout=3000)
    heard: list[set[str]] = []
    play_in_a_row(qtbot, player, later, lambda _t: heard.append(sinks_playing()))
    player.shutdown()
    assert heard == [{SECOND}] * len(later)
