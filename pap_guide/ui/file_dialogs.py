"""Folder and file pickers that never read the files they list.

A file dialog names each file's type from its content (MIME sniffing): it
opens the records' database and its -wal and -shm files and closes them. On
Linux, closing any descriptor of a file drops every POSIX lock the process
holds on it, SQLite's included. The next program to open the records (an
export from the command line, ``sqlite3``) then takes itself for the only
one, checkpoints the log and deletes it on close, and pap-guide goes on
committing into a deleted file: all of it lost at the next crash.

So every picker here is Qt's own dialog (a desktop's dialog in this process
would sniff the same way) with an icon provider that looks only at whether
a name is a folder (a stat, never an open).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NoSniffing(QAbstractFileIconProvider):
    """Folder and file icons and type names from the name's kind, not its content."""

    def __init__(self) -> None:
        super().__init__()
        self._icons = QFileIconProvider()  # the style's generic icons (no file opened)

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:  # Qt override
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType
            what = kind.Folder if what.isDir() else kind.File
        return self._icons.icon(what)

    def type(self, info: QFileInfo) -> str:  # Qt override
        return "Folder" if info.isDir() else "File"


@cache
def _provider() -> NoSniffing:
    """One for the process: a dialog does not own its provider, so it must outlive them."""
    return NoSniffing()


def _dialog(parent: QWidget | None, title: str, start: Path) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(_provider())
    return dialog


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """A folder, or None when cancelled."""
    dialog = _dialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_files(parent: QWidget | None, title: str, start: Path, kinds: str) -> list[Path]:
    """Existing files matching the name filter ``kinds``; none when cancelled."""
    dialog = _dialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilter(kinds)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return [Path(name) for name in dialog.selectedFiles()]
