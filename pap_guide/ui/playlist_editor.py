"""The playlist editor: a guide builds each phase's playlist before a session."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize, Qt, SignalInstance
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.playlist import AUDIO_SUFFIXES, PlaylistLibrary, Track, write_m3u8
from pap_guide.core.private_files import private_dir
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.timefmt import clock_text
from pap_guide.ui.dialog_fit import fit_window, wrapped
from pap_guide.ui.file_dialogs import choose_files, choose_folder
from pap_guide.ui.widgets import named

Measure = Callable[[Path], float | None]
Preview = Callable[[Path | None], None]
SAVE, DISCARD, STAY = "save", "discard", "stay"  # what to do with changes not saved


def ask_unsaved(parent: QWidget) -> str:
    """The guide's answer when the editor closes with changes not saved."""
    asked = QMessageBox.question(
        parent,
        "Playlists not saved",
        "Save the changes to the playlists before closing?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if asked == QMessageBox.StandardButton.Save:
        return SAVE
    return DISCARD if asked == QMessageBox.StandardButton.Discard else STAY


class Loudness(Protocol):
    """Measures tracks in the background (the app's level book is one)."""

    progress: SignalInstance  # (tracks measured, tracks asked for)

    def measure_missing(self, paths: Iterable[Path]) -> int: ...


class PlaylistEditor(QDialog):
    """Edit the playlists of one protocol's phases; saves standard M3U8.

    Signals: none; ``saved`` paths are kept in :attr:`saved` for the caller.
    """

    def __init__(
        self,
        protocol: SessionProtocol,
        library: PlaylistLibrary,
        save_dir: Path,
        measure: Measure,
        preview: Preview | None,
        parent: QWidget | None = None,
        loudness: Loudness | None = None,
    ) -> None:
        super().__init__(parent)
        self.loudness = loudness
        self.setWindowTitle(f"Playlists · {protocol.name}")
        self.protocol, self.library, self.save_dir = protocol, library, save_dir
        self.measure, self.preview = measure, preview
        self.saved: list[Path] = []
        self.tracks: list[list[Track]] = [
            [self._timed(t) for t in library.for_phase(protocol, i).tracks]
            for i in range(len(protocol.phases))
        ]
        self._kept = self._paths()  # as on disk: closing with other tracks asks first
        # replaced by tests: SAVE, DISCARD or STAY
        self.ask_unsaved: Callable[[], str] = lambda: ask_unsaved(self)
        self.phase_list = named(QListWidget(), "phaseList", "Phases")
        self.track_list = named(QListWidget(), "playlistTracks", "Tracks of the phase")
        self.total = named(wrapped(), "phaseTotal", "Playlist length against the phase")
        self.message = named(wrapped(), "editorMessage", "Playlist editor messages")
        self.progress = named(QProgressBar(), "loudnessProgress", "Loudness measured so far")
        self.progress.setFormat("Measuring loudness: %v of %m tracks")
        self.progress.hide()
        if loudness is not None:
            loudness.progress.connect(self._measured)
        buttons = [
            ("Add files…", "addFilesButton", self.choose_files),
            ("Add folder…", "addFolderButton", self.choose_folder),
            ("Up", "moveUpButton", lambda: self.move_track(-1)),
            ("Down", "moveDownButton", lambda: self.move_track(1)),
            ("Remove", "removeTrackButton", self.remove),
            ("Preview quietly", "previewButton", self.toggle_preview),
            ("Save", "savePlaylistButton", self.save),
        ]
        self.buttons = {}
        for text, name, action in buttons:
            button = named(QPushButton(text), name, text.rstrip("…"))
            button.clicked.connect(action)
            self.buttons[name] = button
        if preview is None:
            self.buttons["previewButton"].setEnabled(False)
            self.buttons["previewButton"].setToolTip(
                "Preview is off while a session is open, so the patient hears nothing"
            )
        self._layout()
        for phase in protocol.phases:
            self.phase_list.addItem(phase.name)
        # every phase name shows whole; the list never scrolls sideways
        self.phase_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.phase_list.setMinimumWidth(
            self.phase_list.sizeHintForColumn(0) + 2 * self.phase_list.frameWidth() + 24
        )
        self.track_list.setWordWrap(True)
        self.track_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.phase_list.currentRowChanged.connect(self._show_phase)
        self.phase_list.setCurrentRow(0)
        self.resize(900, 520)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self.fit()
        super().showEvent(event)

    def fit(self, area: QSize | None = None) -> None:
        """Within 90% of ``area`` (default: the screen it opens on)."""
        fit_window(self, QSize(900, 520), area)

    def _layout(self) -> None:
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.phase_list, 1)
        right = QVBoxLayout()
        right.addWidget(self.track_list, 1)
        right.addWidget(self.total)
        tools, more = QHBoxLayout(), QHBoxLayout()  # two rows: fits a small screen
        for name, button in self.buttons.items():
            (more if name in ("previewButton", "savePlaylistButton") else tools).addWidget(button)
        more.insertStretch(1)
        right.addLayout(tools)
        right.addLayout(more)
        row.addLayout(right, 3)
        outer.addLayout(row)
        outer.addWidget(self.message)
        outer.addWidget(self.progress)

    def _timed(self, track: Track) -> Track:
        if track.seconds:
            return track
        return Track(track.path, track.title, self.measure(track.path))

    @property
    def phase(self) -> int:
        return max(0, self.phase_list.currentRow())

    def _show_phase(self, _row: int = 0) -> None:
        self.track_list.clear()
        for track in self.tracks[self.phase]:
            length = clock_text(track.seconds) if track.seconds else "?"
            self.track_list.addItem(f"{track.title}  ({length})")
        self._show_total()

    def _show_total(self) -> None:
        index = self.phase
        total = sum(t.seconds or 0 for t in self.tracks[index])
        planned = self.protocol.phase_end(index) - self.protocol.phases[index].start
        if not total:
            fit = "no tracks yet"
        elif total >= planned:
            fit = "covers the phase"
        else:
            fit = f"repeats about {planned / total:.0f} times"
        self.total.setText(f"Total {clock_text(total)} for a {clock_text(planned)} phase: {fit}")

    def add_paths(self, paths: list[Path]) -> None:
        """Add audio files, and the audio files inside any folders, in name order."""
        added, skipped = 0, []
        for path in paths:
            files = sorted(path.iterdir()) if path.is_dir() else [path]
            for file in files:
                if file.suffix.lower() not in AUDIO_SUFFIXES or not file.is_file():
                    skipped.append(file.name)
                    continue
                self.tracks[self.phase].append(self._timed(Track(file, file.stem)))
                added += 1
        note = f"Added {added} track(s)."
        if skipped:
            note += f" Skipped, not audio: {', '.join(skipped[:5])}"
        self.message.setText(note)
        self._show_phase()

    def choose_files(self) -> None:
        kinds = "Audio (" + " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES)) + ")"
        self.add_paths(choose_files(self, "Add music", Path.home(), kinds))

    def choose_folder(self) -> None:
        folder = choose_folder(self, "Add a folder of music", Path.home())
        if folder is not None:
            self.add_paths([folder])

    def move_track(self, step: int) -> None:
        row, tracks = self.track_list.currentRow(), self.tracks[self.phase]
        target = row + step
        if 0 <= row < len(tracks) and 0 <= target < len(tracks):
            tracks[row], tracks[target] = tracks[target], tracks[row]
            self._show_phase()
            self.track_list.setCurrentRow(target)

    def remove(self) -> None:
        row = self.track_list.currentRow()
        if 0 <= row < len(self.tracks[self.phase]):
            del self.tracks[self.phase][row]
            self._show_phase()

    def toggle_preview(self) -> None:
        row = self.track_list.currentRow()
        if self.preview is None or not 0 <= row < len(self.tracks[self.phase]):
            return
        self.preview(self.tracks[self.phase][row].path)

    def save(self) -> None:
        """Write every phase's playlist as M3U8 into the clinic's playlists folder."""
        try:
            private_dir(self.save_dir)
            for index, phase in enumerate(self.protocol.phases):
                target = self.save_dir / self._file_name(phase.playlist)
                write_m3u8(target, self.tracks[index])
                self.saved.append(target)
            self._kept = self._paths()
        except OSError as exc:
            self.message.setText(
                f"Not saved: {exc.strerror or exc}. Nothing was lost; "
                "fix the folder and save again."
            )
            return
        self.library.forget()
        renamed = [
            p.name
            for p, s in zip(self.saved, self.protocol.phases, strict=False)
            if p.name != Path(s.playlist).name
        ]
        note = f"Saved in {self.save_dir}."
        if self.loudness is not None:
            new = self.loudness.measure_missing([t.path for phase in self.tracks for t in phase])
            if new:
                note += f" Measuring the loudness of {new} new tracks in the background."
        if renamed:
            note += (
                " The protocol names other playlist files; point it at "
                f"{', '.join(renamed)} to use them."
            )
        self.message.setText(note)

    def _measured(self, done: int, asked: int) -> None:
        """The background scan moved on: the bar shows it, and goes once all are in."""
        self.progress.setRange(0, max(1, asked))
        self.progress.setValue(done)
        self.progress.setVisible(done < asked)

    @staticmethod
    def _file_name(playlist: str) -> str:
        name = Path(playlist).name
        return name if Path(name).suffix.lower() in (".m3u", ".m3u8") else f"{name}.m3u8"

    def _paths(self) -> list[list[Path]]:
        return [[track.path for track in phase] for phase in self.tracks]

    def _may_close(self) -> bool:
        """Closed by the guide with tracks added, moved or removed and not saved: asked
        first (Escape closed it and the tracks just added were gone, unsaid)."""
        if self._paths() == self._kept:
            return True
        answer = self.ask_unsaved()
        if answer == SAVE:
            self.save()
            return self._paths() == self._kept  # not saved: the message says why
        return answer == DISCARD

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape and not self._may_close():
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        # the close box (from the window system) asks; a close by the app (quitting on
        # a logout, Qt 6 closes every window first) or the idle lock's reject() does
        # not: no one may be there to answer, and a question would hold the logout
        if event.spontaneous() and not self._may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Qt override
        if self.preview is not None:
            self.preview(None)
        super().done(result)
