"""Building the music side: backend, player and conductor, or a clear 'off'.

The window is on screen before any of this is built (see ``app.window``):
libVLC takes tens of milliseconds to start (a tenth of a second more when its
plugin cache is missing), so it starts on a thread of its own
(:class:`~pap_guide.playback.starting.BackendStart`), from the window's start
on, while the GUI thread builds the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pap_guide.config.arguments import MUSIC_OFF
from pap_guide.core.clock import Clock
from pap_guide.core.conductor import Conductor, PlayHistory
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.protocol import SessionProtocol
from pap_guide.playback.backends import AudioUnavailable, NullBackend, VlcBackend
from pap_guide.playback.player import Player
from pap_guide.playback.starting import BackendStart
from pap_guide.store.settings import Settings

if TYPE_CHECKING:  # the loudness scanner (PyAV, NumPy) is imported with the music
    from pap_guide.app.levels import LevelBook

log = logging.getLogger(__name__)

FIX_VLC = (
    "Install VLC's library (Debian/Ubuntu: sudo apt-get install libvlc5 "
    "vlc-plugin-base) and restart pap-guide. The clock and the log work as usual."
)


@dataclass
class Music:
    backend: VlcBackend | NullBackend
    player: Player
    conductor: Conductor
    library: PlaylistLibrary
    levels: LevelBook


def build_music(
    output: str | None,
    clock: Clock,
    plays: PlayHistory,
    settings: Settings,
    library: PlaylistLibrary,
    problems: list[str],
    levels: LevelBook,
    started: BackendStart | None = None,
) -> Music | None:
    """The music parts, or None (with a problem saying why) when music is off.

    ``started`` is libVLC already starting for ``output`` (started here if None).
    """
    if output == "off":
        problems.append(MUSIC_OFF)
        return None
    backend: VlcBackend | NullBackend
    if output == "null":
        backend = NullBackend(now=clock.monotonic, lengths=lambda path: 45.0)
        now = clock.monotonic
    else:
        try:
            backend = (started or BackendStart(output)).result()
        except AudioUnavailable as exc:
            problems.append(f"Music is off: {exc}. {FIX_VLC}")
            return None
        backend.set_output_device(settings.get("audio_device") or None)
        now = time.monotonic
    player = Player(backend, now=now)
    # until the window shows them, the conductor's reports go to the log output
    conductor = Conductor(
        clock, player, plays, library.for_phase, report=log.warning, levels=levels.measurement
    )
    player.track_started.connect(conductor.track_started)
    player.track_finished.connect(conductor.track_finished)
    player.error.connect(conductor.track_failed)
    return Music(backend, player, conductor, library, levels)


def measure_library(
    levels: LevelBook, library: PlaylistLibrary, protocols: Iterable[SessionProtocol]
) -> int:
    """Queue every track of every protocol's playlists not measured yet (in the background)."""
    return levels.measure_missing(library.tracks_of(protocols))
