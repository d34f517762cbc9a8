"""The sessions list: open, ended and rehearsal sessions, each readable, read-only.

Export music… writes the selected session's music, as it played, as an M3U8
playlist into a folder the guide picks, to hear again at integration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.report import Report
from pap_guide.core.session import SessionRecord
from pap_guide.ui.dialog_fit import fit_window
from pap_guide.ui.file_dialogs import choose_folder
from pap_guide.ui.widgets import named, plain

WriteMusic = Callable[[int, Path], Path]  # session id, folder -> the playlist written
ChooseFolder = Callable[[Path], Path | None]  # suggested folder -> chosen, None: cancelled


class FolderAsker(Protocol):
    def export_folder(self, suggested: Path, title: str = ...) -> Path | None: ...
    def offer_folder(self, folder: Path, files: list[Path]) -> None: ...


class SessionsDialog(QDialog):
    """Pick a session on the left; its whole record shows on the right, read-only.

    ``write_music`` and ``choose_folder`` default to what the window that opens
    the dialog (its parent) has: its record reader and writer, and its asker
    (tests answer through theirs). Without a way to write, the button is off.
    """

    def __init__(
        self,
        sessions: list[tuple[SessionRecord, str]],
        lines: Callable[[int], list[str]],
        parent: QWidget | None = None,
        *,
        write_music: WriteMusic | None = None,
        choose_folder: ChooseFolder | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sessions")
        self.lines = lines
        self.write_music = write_music or _window_writer(parent)
        self.choose_folder = choose_folder or _window_chooser(parent)
        self.list = named(QListWidget(), "sessionsList", "Sessions")
        self.detail = named(QPlainTextEdit(), "sessionDetail", "Session record, read-only")
        self.detail.setReadOnly(True)
        self.list.setWordWrap(True)  # a long patient code wraps, never scrolls sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.music_button = named(
            QPushButton("Export music…"), "exportMusicButton", "Export the session's music"
        )
        self.music_button.setToolTip(
            "Write the music that played in this session, in order, as an M3U8 playlist "
            "to hear again at the integration session"
        )
        self.push_session: Callable[[int], str] | None = getattr(parent, "push_session", None)
        self.push_button = named(
            QPushButton("Push to FHIR…"), "pushSessionButton", "Push to the clinic's FHIR server"
        )
        self.push_button.setToolTip(
            "Send this ended session's record to the clinic's FHIR server (fhir.toml); "
            "kept and sent later if the server cannot be reached"
        )
        self.push_button.setVisible(self.push_session is not None)
        self.music_result = plain(named(QLabel(""), "exportMusicResult", "Music export result"))
        self.music_result.setWordWrap(True)
        self._build()
        for record, status in sessions:
            label = (
                f"{record.id}  {record.created.astimezone():%Y-%m-%d %H:%M}  "
                f"{record.patient or '-'}  {record.session_type}  [{status}]"
            )
            item = QListWidgetItem(label)
            item.setData(256, record.id)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._show)
        self.music_button.clicked.connect(self.export_music)
        self.push_button.clicked.connect(self.push)
        self.music_button.setEnabled(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.resize(1000, 600)

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addWidget(self.list, 1)
        columns.addWidget(self.detail, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.music_result, 1)
        actions.addWidget(self.music_button)
        actions.addWidget(self.push_button)
        close = named(QPushButton("Close"), "closeSessionsButton", "Close the list of sessions")
        close.clicked.connect(self.reject)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(actions)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self.fit()
        super().showEvent(event)

    def fit(self, area: QSize | None = None) -> None:
        """Within 90% of ``area`` (default: the screen it opens on)."""
        fit_window(self, QSize(1000, 600), area)

    def selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(256))

    def export_music(self) -> Path | None:
        """Export music…: the selected session's playlist, in a folder the guide picks."""
        session_id = self.selected()
        if session_id is None or self.write_music is None:
            return None
        folder = self.choose_folder(Path.home())
        if folder is None:
            return None
        try:
            written = self.write_music(session_id, folder)
        except (OSError, LookupError) as exc:
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.music_result.setText(f"Music export failed: {text}")
            return None
        self.music_result.setText(f"Wrote {written} (readable by you only)")
        asker = _asker(self.parent())
        if asker is not None:
            asker.offer_folder(folder, [written])
        return written

    def push(self) -> str:
        """Push…: the selected session to the clinic's server; says what became of it."""
        session_id = self.selected()
        if session_id is None or self.push_session is None:
            return ""
        said = self.push_session(session_id)
        self.music_result.setText(said)
        return said

    def _show(self, item: QListWidgetItem | None) -> None:
        self.music_button.setEnabled(item is not None and self.write_music is not None)
        ended = item is not None and "[open" not in item.text()
        self.push_button.setEnabled(ended and self.push_session is not None)
        self.music_result.setText("")
        if item is not None:
            self.detail.setPlainText("\n".join(self.lines(int(item.data(256)))))


def _asker(window: object) -> FolderAsker | None:
    asker = getattr(window, "asker", None)
    return asker if hasattr(asker, "export_folder") else None


def _window_writer(window: object) -> WriteMusic | None:
    """The opening window's way to write a session's playlist (MainWindow.report, .write)."""
    report: Callable[[int], Report | None] | None = getattr(window, "report", None)
    write: Callable[[Report, str, Path], Path] | None = getattr(window, "write", None)
    if report is None or write is None:
        return None

    def write_music(session_id: int, folder: Path) -> Path:
        found = report(session_id)
        if found is None:
            raise LookupError(f"no session {session_id}")
        from pap_guide.export.m3u8_export import music_name  # the exports load when used

        return write(found, "m3u8", folder / music_name(found))

    return write_music


def _window_chooser(window: QWidget | None) -> ChooseFolder:
    """The opening window's asker picks the folder (asked when needed: tests replace
    it); without one, a folder dialog."""

    def choose(suggested: Path) -> Path | None:
        title = "Export the session's music to"
        asker = _asker(window)
        if asker is not None:
            return asker.export_folder(suggested, title)
        return choose_folder(window, title, suggested)

    return choose
