"""Music controls: play/pause, skip, hush, volume, what is playing, output."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.conductor import HUSH, Conductor
from pap_guide.core.timefmt import clock_text
from pap_guide.ui.flow_layout import flow_widget
from pap_guide.ui.widgets import SteadyLabel, as_wide_as, named, plain

if TYPE_CHECKING:  # the player (and playback) is imported with the music, after the first frame
    from pap_guide.playback.player import Player

NO_OUTPUT = (
    "Music cannot be heard: no audio output opened. Check the headphones or speakers "
    "and the output list; the music comes back with the next track. The clock and log go on."
)
# Skip is not Ctrl+Right: the window's keys win over the text fields (shortcuts.py),
# and Ctrl+Right is every text field's next-word key, so jumping a word in a note
# skipped the patient's track
PLAY_TEXTS = ("Pause", "Play")
SHORTCUTS = {
    "playPauseButton": "Ctrl+P",
    "skipTrackButton": "Ctrl+Shift+S",
    "hushButton": "Ctrl+H",
}


class MusicPanel(QWidget):
    """The guide's quiet music controls.

    Signals:
        volume_changed(int): the guide set the volume (0..100).
        device_changed(str): the guide chose an audio output device id ("" = default).
        edit_playlists(): the guide asked for the playlist editor.
    """

    volume_changed = Signal(int)
    device_changed = Signal(str)
    edit_playlists = Signal()

    def __init__(
        self,
        conductor: Conductor,
        player: Player,
        volume: int,
        devices: list[tuple[str, str]],
        device: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.conductor = conductor
        self.player = player
        self.now_playing = plain(named(QLabel("No music yet"), "nowPlaying", "Now playing"))
        self.play_button = self._button(
            "Pause", "playPauseButton", "Play or pause music", conductor.toggle_pause
        )
        self.skip_button = self._button(
            "Skip", "skipTrackButton", "Skip to the next track", conductor.skip
        )
        self.hush_button = self._button(
            "Hush", "hushButton", "Hush: fade the music to silence now", conductor.hush
        )
        self.volume = named(QSlider(Qt.Orientation.Horizontal), "volumeSlider", "Volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(volume)
        self.volume.setToolTip("Music volume (Ctrl+Up / Ctrl+Down)")
        self.volume.valueChanged.connect(self._volume_moved)
        QShortcut(
            QKeySequence("Ctrl+Up"), self, lambda: self.volume.setValue(self.volume.value() + 5)
        )
        QShortcut(
            QKeySequence("Ctrl+Down"), self, lambda: self.volume.setValue(self.volume.value() - 5)
        )
        self.device = named(QComboBox(), "audioDeviceCombo", "Audio output device")
        self.device.addItem("Default output", "")
        for device_id, description in devices:
            self.device.addItem(description, device_id)
        self.device.setCurrentIndex(max(0, self.device.findData(device)))
        self.device.setToolTip("Headphones or speakers: where the music plays")
        self.device.currentIndexChanged.connect(
            lambda _i: self.device_changed.emit(self.device.currentData() or "")
        )
        self.edit_button = named(QPushButton("Playlists…"), "editPlaylistsButton", "Edit playlists")
        self.edit_button.clicked.connect(self.edit_playlists)
        self.warning = plain(named(QLabel(NO_OUTPUT), "audioWarning", "Audio output problem"))
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.message = plain(named(QLabel(""), "musicMessage", "Music messages"))
        self.message.setWordWrap(True)
        self.message.hide()
        conductor.report = self.show_report
        self._failed_at = -1.0
        self._buttons: tuple[object, ...] | None = None  # what the buttons were set for
        player.output_failed.connect(self._output_failed, Qt.ConnectionType.QueuedConnection)
        player.track_started.connect(self._track_started)
        self._build()
        player.set_master(volume / 100)

    def _button(self, text: str, name: str, tip: str, action: object) -> QPushButton:
        button = named(QPushButton(text), name, tip.split(":")[0])
        keys = SHORTCUTS[name]
        button.setToolTip(f"{tip} ({keys})")
        button.clicked.connect(action)
        QShortcut(QKeySequence(keys), self, button.click)
        return button

    def show_report(self, text: str) -> None:
        """A problem with the music (a skipped file, an empty playlist), kept in view."""
        self.message.setText(text)
        self.message.show()

    def _output_failed(self) -> None:
        self._failed_at = time.monotonic()
        self.warning.show()

    def _track_started(self, _path: str) -> None:
        """A track started: if no failure follows soon, the output works again."""
        started = time.monotonic()

        def check() -> None:
            if self._failed_at < started:
                self.warning.hide()

        QTimer.singleShot(3000, self, check)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addWidget(self.warning)
        outer.addWidget(self.message)
        as_wide_as(self.play_button, PLAY_TEXTS)  # Skip and Hush moved as it changed
        controls = [self.play_button, self.skip_button, self.hush_button]
        self.now_playing_box = _rows(outer, self.now_playing, controls, self.volume, self.device)
        self.edit_button.hide()  # shown by the window beside Sessions…: a set-up action

    def _volume_moved(self, value: int) -> None:
        self.player.set_master(value / 100)
        self.volume_changed.emit(value)

    def refresh(self) -> None:
        """Each tick: the countdown; the buttons only when what plays or the hold changes."""
        play = self.conductor.now_playing()
        held = self.conductor.held
        buttons = (held, play is None, self.conductor.phase_index is None)
        if buttons != self._buttons:
            self._buttons = buttons
            self.play_button.setText("Play" if held else "Pause")
            self.hush_button.setEnabled(play is not None)
            self.skip_button.setEnabled(self.conductor.phase_index is not None)
            self.play_button.setEnabled(play is not None or bool(held))
        if held:
            text = "Hushed: music faded out" if held == HUSH else "Music paused"
            cued = self.conductor.cued
            if cued is not None:  # skipped while held: say what Play will bring
                text += f" · next: {cued.title}"
        elif play is None:
            text = "No music playing"
        else:
            played, length = self.player.position()
            left = (
                f" · {clock_text(length - played)} left"
                if played is not None and length is not None
                else ""
            )
            text = f"♪ {play.title}{left}"
        self.now_playing_box.set_text(text)


class MusicWaiting(QWidget):
    """The music panel's room while libVLC starts (after the first frame): the
    same rows with every control off, so the clock column does not move when
    the real panel takes its place."""

    def __init__(self, volume: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("musicWaiting")
        outer = QVBoxLayout(self)
        label = plain(named(QLabel("Music is starting…"), "musicStarting", "Music starting"))
        buttons: list[QPushButton] = [QPushButton(text) for text in ("Pause", "Skip", "Hush")]
        as_wide_as(buttons[0], PLAY_TEXTS)  # as the real panel's, so nothing moves
        device = QComboBox()
        device.addItem("Default output")
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(volume)  # the saved volume: not a level the guide would fear
        _rows(outer, label, buttons, slider, device, "musicWaitingControls")
        self.setEnabled(False)


def _rows(
    outer: QVBoxLayout,
    now_playing: QLabel,
    buttons: Sequence[QWidget],
    volume: QSlider,
    device: QComboBox,
    name: str = "musicControls",
) -> SteadyLabel:
    """What is playing over a wrapping row of controls (the panel's and its stand-in's)."""
    outer.setContentsMargins(0, 0, 0, 0)
    now_playing.setWordWrap(True)  # a long title takes two lines, never more width
    # its countdown changes every second: that repaints the label alone
    box_label = SteadyLabel(now_playing)
    outer.addWidget(box_label)
    box, flow = flow_widget(name, "Music controls")
    level = QWidget()
    row = QHBoxLayout(level)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel("Volume"))
    row.addWidget(volume)
    for widget in (*buttons, level, device):
        flow.addWidget(widget)
    outer.addWidget(box)
    volume.setFixedWidth(110)
    # a long device name is shortened in the box and shown whole in its list
    device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    device.setMinimumContentsLength(14)
    return box_label
