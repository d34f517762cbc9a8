"""The guide's music controls in the main window (null player, fake clock)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QWidget

from pap_guide.core.conductor import HUSH, PAUSE
from pap_guide.playback.backends import AudioUnavailable
from tests.helpers.ui import begin, child, started

NAMES = [
    "playPauseButton",
    "skipTrackButton",
    "hushButton",
    "volumeSlider",
    "nowPlaying",
    "audioDeviceCombo",
    "editPlaylistsButton",
    "nextPhaseButton",
    "extendPhaseButton",
]


def test_names_tooltips_and_shortcuts(make_window):
    window = make_window()
    for name in NAMES:
        assert child(window, name).accessibleName(), name
    assert "Ctrl+H" in child(window, "hushButton").toolTip()
    assert "Ctrl+P" in child(window, "playPauseButton").toolTip()
    assert "Ctrl+Shift+S" in child(window, "skipTrackButton").toolTip()


def test_music_starts_with_the_session_and_shows_what_plays(make_window):
    window = started(make_window)
    assert "Inward Tide" in child(window, "nowPlaying").text()
    assert "left" in child(window, "nowPlaying").text()


def test_hush_pause_skip(make_window, qtbot):
    window = started(make_window)
    conductor = window.music.conductor
    qtbot.mouseClick(child(window, "hushButton"), Qt.MouseButton.LeftButton)
    window.refresh()
    assert conductor.held == HUSH
    assert "Hushed" in child(window, "nowPlaying").text()
    child(window, "playPauseButton").click()
    assert not conductor.held
    child(window, "playPauseButton").click()
    assert conductor.held == PAUSE
    qtbot.mouseClick(child(window, "skipTrackButton"), Qt.MouseButton.LeftButton)
    window.refresh()
    assert conductor.held == PAUSE  # a skip while held chooses; it does not play
    assert child(window, "nowPlaying").text().startswith("Music paused · next: ")
    assert "Low Lantern" in child(window, "nowPlaying").text()
    assert window.music.player.state == "stopped" and conductor.now_playing() is None
    qtbot.mouseClick(child(window, "playPauseButton"), Qt.MouseButton.LeftButton)
    window.refresh()
    assert not conductor.held
    assert "Low Lantern" in child(window, "nowPlaying").text()
    child(window, "skipTrackButton").click()  # playing: a skip plays the next at once
    window.refresh()
    assert not conductor.held and "Low Lantern" not in child(window, "nowPlaying").text()


def test_keyboard_shortcut_hushes(make_window):
    # QTest's key events are not "spontaneous", so Qt's shortcut map ignores
    # them; fire the window's own Ctrl+H shortcut object instead.
    window = started(make_window)
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    assert {"Ctrl+H", "Ctrl+P", "Ctrl+Shift+S", "Ctrl+Up", "Ctrl+Down"} <= set(shortcuts)
    shortcuts["Ctrl+H"].activated.emit()
    assert window.music.conductor.held == HUSH
    shortcuts["Ctrl+Down"].activated.emit()
    assert child(window, "volumeSlider").value() == 45


def test_volume_is_applied_and_remembered(make_window):
    window = started(make_window)
    child(window, "volumeSlider").setValue(30)
    assert window.music.player.master() == pytest.approx(0.3)
    again = make_window()
    assert child(again, "volumeSlider").value() == 30


def test_music_off_when_libvlc_cannot_load(make_window, monkeypatch, fake_clock):
    def broken(*args, **kwargs):
        raise AudioUnavailable("libVLC could not be loaded (libvlc.so.5: not found)")

    monkeypatch.setattr("pap_guide.playback.backends.VlcBackend", broken)  # as libVLC starts
    window = make_window("--audio-output", "pulse")
    banner = child(window, "problemBanner")
    assert "Music is off" in banner.text() and "apt-get install libvlc5" in banner.text()
    assert window.findChild(QWidget, "hushButton") is None
    begin(window)
    fake_clock.advance(65)
    window.refresh()
    assert child(window, "sessionClock").text() == "T+00:01:05"


def test_output_failure_shows_a_warning(make_window, qtbot):
    window = started(make_window)
    warning = child(window, "audioWarning")
    assert warning.isHidden()
    window.music.player.output_failed.emit()
    qtbot.waitUntil(lambda: not warning.isHidden(), timeout=2000)
    assert "no audio output" in warning.text()


def test_a_skipped_track_is_reported_in_the_music_bar(make_window):
    window = started(make_window)
    play = window.music.conductor.now_playing()
    window.music.player.error.emit(str(play.path), "the audio engine could not play it")
    window.refresh()
    message = child(window, "musicMessage")
    assert not message.isHidden()
    assert play.path.name in message.text()


def test_music_shortcuts_work_while_typing_a_note(make_window, qtbot):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    window = make_window()
    begin(window)
    note = child(window, "noteEdit")
    override = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
    )
    QApplication.sendEvent(note, override)
    assert not override.isAccepted()  # the line edit does not claim Ctrl+Up: louder runs
    plain = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    plain.ignore()
    QApplication.sendEvent(note, plain)  # other keys still go to the field as before
    assert note.text() == ""


def test_removed_author_buttons_never_show_as_windows(make_window):
    from PySide6.QtWidgets import QApplication, QPushButton

    window = make_window()
    begin(window)
    window.log_panel.set_people(["Ana", "Mara"])
    strays = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QPushButton) and w.isVisible()
    ]
    assert strays == []


def test_pause_to_play_moves_neither_skip_nor_hush(make_window, qtbot):
    """Pause became the narrower Play and Skip and Hush slid left under the guide's hand."""
    from PySide6.QtWidgets import QApplication

    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    def places() -> list[object]:
        QApplication.processEvents()
        return [child(window, n).geometry() for n in ("skipTrackButton", "hushButton")]

    before = places()
    child(window, "playPauseButton").click()
    window.refresh()
    assert child(window, "playPauseButton").text() == "Play"
    assert places() == before
