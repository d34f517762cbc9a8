"""A second baseline: libVLC alone, crossfading from track to track as pap-guide does.

Two media players; the next track starts TRACK_OVERLAP seconds before the
current one ends and the two cross over those seconds on equal-power curves,
the volumes set every 20 ms (pap-guide's player ramps at that rate), each set
only when libVLC's integer volume changes; between crossfades it sleeps until
the next one. No Qt, no window, no records: what the crossfades themselves
cost (two decoders and two audio streams for those seconds), which a plain
looping player (bench/bare_vlc.py) never pays.

    python bench/bare_crossfade.py FILE...
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any

import vlc
from common import ROOT  # noqa: F401  (puts the repository on sys.path)

from pap_guide.core.conductor import TRACK_OVERLAP
from pap_guide.playback.decks import vlc_volume

STEP = 0.02  # seconds between volume steps during a crossfade


def start(instance: Any, player: Any, path: str) -> None:
    media = instance.media_new_path(path)
    player.set_media(media)
    media.release()
    player.audio_set_volume(0)
    player.play()


def length_of(player: Any) -> float:
    """The playing track's length in seconds, once libVLC knows it."""
    while player.get_length() <= 0:
        time.sleep(0.05)
    return player.get_length() / 1000


def main() -> None:
    play(sys.argv[1:], lambda: print("READY", flush=True))


def play(files: list[str], ready: Callable[[], None]) -> None:
    """Crossfade ``files`` in a loop for ever; ``ready`` once the first one plays."""
    instance = vlc.Instance(["--quiet", "--no-video", "--aout=pulse", "--intf=dummy"])
    players = [instance.media_player_new(), instance.media_player_new()]
    volumes = [-1, -1]

    def set_amplitude(index: int, amplitude: float) -> None:
        volume = vlc_volume(amplitude)
        if volume != volumes[index]:
            players[index].audio_set_volume(volume)
            volumes[index] = volume

    current, track = 0, 0
    start(instance, players[current], files[track])
    set_amplitude(current, 1.0)
    ready()
    while True:
        length = length_of(players[current])
        began = time.monotonic() - max(0, players[current].get_time()) / 1000
        time.sleep(max(0.0, began + length - TRACK_OVERLAP - time.monotonic()))
        track, incoming = track + 1, 1 - current
        volumes[incoming] = -1
        start(instance, players[incoming], files[track % len(files)])
        fade_start = time.monotonic()
        while (x := (time.monotonic() - fade_start) / TRACK_OVERLAP) < 1.0:
            set_amplitude(incoming, math.sin(x * math.pi / 2))
            set_amplitude(current, math.cos(x * math.pi / 2))
            time.sleep(STEP)
        set_amplitude(incoming, 1.0)
        players[current].stop()
        current = incoming


if __name__ == "__main__":
    main()
