"""The music joining the window once it is on screen: libVLC, player, panel, editor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from pap_guide.store.plays import PlayRepository
from pap_guide.ui.main_window import MainWindow
from pap_guide.ui.music_panel import MusicPanel

if TYPE_CHECKING:
    from pap_guide.app.window import Parts

PREVIEW_LEVEL = 0.2  # previews play quietly


def start_music(parts: Parts, window: MainWindow) -> list[str]:
    """The music, once the window is on screen: libVLC, player, conductor and panel.

    libVLC has been starting on a thread of its own since the window's start
    (``parts.libvlc``; here, if not) while this thread imports the loudness
    scanner and builds the rest; the conductor then joins the runner and the
    window ticks at once, so the phase's music starts now. Returns the
    problems found (also shown in the window's banner).
    """
    if parts.audio_output == "off" or parts.music is not None:
        return []
    # the music's modules (player, conductor's library, loudness scanner with PyAV
    # and NumPy) are imported here, after the first frame: the frame needs none
    from pap_guide.app.music import build_music, measure_library
    from pap_guide.playback.starting import BackendStart

    output = parts.audio_output
    started = parts.libvlc or (None if output == "null" else BackendStart(output))
    from pap_guide.app.levels import LevelBook
    from pap_guide.core.play_log import RecordedPlays
    from pap_guide.core.playlist import PlaylistLibrary
    from pap_guide.store.track_levels import TrackLevels

    desk = parts.desk
    session_time = desk.controller.clock
    library = PlaylistLibrary(parts.locations.playlist_folders)
    plays = RecordedPlays(parts.recorder, PlayRepository(parts.db), session_time)
    levels = LevelBook(TrackLevels(parts.db))
    problems: list[str] = []
    music = build_music(
        output, session_time, plays, parts.settings, library, problems, levels, started
    )
    parts.music = music
    parts.problems += problems
    for problem in problems:
        window.show_problem(problem)
    if music is None:
        window.attach_music(None)
        return problems
    parts.runner.conductor = music.conductor
    window.attach_music(_music_panel(parts))
    _editor_opener(parts, window)
    window.destroyed.connect(music.levels.stop)  # the loudness worker ends with the window
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(music.levels.stop)
    window.refresh()  # the phase's track starts now
    if output != "null":  # 'null' plays nothing to even out
        measure_library(levels, library, parts.catalog.protocols.values())
    return problems


def _music_panel(parts: Parts) -> MusicPanel | None:
    music = parts.music
    if music is None:
        return None
    volume = saved_volume(parts)
    panel = MusicPanel(
        music.conductor,
        music.player,
        volume,
        music.backend.output_devices(),
        parts.settings.get("audio_device", "") or "",
    )
    panel.volume_changed.connect(lambda value: parts.settings.set("volume", str(value)))

    def choose_device(device: str) -> None:
        parts.settings.set("audio_device", device)
        music.player.set_output_device(device or None)

    panel.device_changed.connect(choose_device)
    return panel


def saved_volume(parts: Parts) -> int:
    return int(parts.settings.get("volume", "50") or 50)


def _editor_opener(parts: Parts, window: MainWindow) -> None:
    """Let the music panel open the playlist editor for the current protocol."""
    music = parts.music
    if music is None or window.music is None:
        return

    def preview(path: Path | None) -> None:
        if path is None:
            music.player.stop(fade=0.3)
        else:
            music.player.play(path, PREVIEW_LEVEL, fade=0.5)

    def open_editor() -> None:
        desk = parts.desk
        protocol = desk.protocol if desk.is_open() else window.session_panel.chosen_protocol()
        if protocol is None:
            return
        from pap_guide.ui.playlist_editor import PlaylistEditor  # first use: not at start

        editor = PlaylistEditor(
            protocol,
            music.library,
            parts.locations.data_dir / "playlists",
            music.backend.media_length,
            None if desk.is_open() else preview,
            window,
            loudness=music.levels,
        )
        editor.exec()

    window.music.edit_playlists.connect(open_editor)


MUSIC_FAILED = (
    "The music could not be started (an unexpected error, written to the error log); "
    "the clock and the log go on. Start pap-guide again to try the music again."
)


def music_or_why_not(parts: Parts, window: MainWindow) -> list[str]:
    """:func:`start_music`; an unexpected failure there leaves no 'Music is starting…'
    on screen and stops neither the chart nor the pushes that follow it."""
    try:
        return start_music(parts, window)
    except Exception:
        window.attach_music(None)
        window.show_problem(MUSIC_FAILED)
        sys.excepthook(*sys.exc_info())  # logged as every unexpected error is
        return [MUSIC_FAILED]
