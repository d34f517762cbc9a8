"""Programs the packaged app opens get the desktop's environment; the app's own never changes."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pap_guide.config.locations import desktop_environment
from pap_guide.ui.asker import Asker

CHANGES: list[str] = []
WATCHING = threading.Event()


def _watch(event: str, args: tuple[object, ...]) -> None:
    if WATCHING.is_set() and event in ("os.putenv", "os.unsetenv"):
        CHANGES.append(f"{event} {args[0]!r}")


sys.addaudithook(_watch)


def _as_bundle(monkeypatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/pap-guide/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    monkeypatch.setenv("QT_PLUGIN_PATH", "/opt/pap-guide/_internal/PySide6/Qt/plugins")
    monkeypatch.setenv("VLC_PLUGIN_PATH", "/opt/pap-guide/_internal/vlc/plugins")
    monkeypatch.setenv("VLC_PLUGIN_PATH_ORIG", "/home/me/vlc-plugins")
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)


def test_the_bundle_paths_are_lifted_for_the_program_only(monkeypatch):
    _as_bundle(monkeypatch)
    before = dict(os.environ)
    desktop = desktop_environment()
    assert desktop is not None
    assert desktop["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "QT_PLUGIN_PATH" not in desktop
    assert desktop["VLC_PLUGIN_PATH"] == "/home/me/vlc-plugins"
    assert desktop["HOME"] == os.environ["HOME"]  # the rest is passed on
    assert dict(os.environ) == before  # the app's own are untouched


def test_a_source_install_gives_nothing_of_its_own(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert desktop_environment() is None


def _click_open_folder() -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, _click_open_folder)
        return
    opener = next(b for b in box.buttons() if b.text() == "Open folder")
    opener.click()


def test_open_folder_starts_the_file_manager_with_the_desktops_libraries(
    qtbot, monkeypatch, tmp_path
):
    _as_bundle(monkeypatch)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen"
    opener = bin_dir / "xdg-open"  # a real program in the file manager's place
    opener.write_text(
        f'#!/bin/sh\nenv > "{seen}.part"\necho "ARG $1" >> "{seen}.part"\n'
        f'mv "{seen}.part" "{seen}"\n'
    )
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    parent = QWidget()
    qtbot.addWidget(parent)
    before = dict(os.environ)
    QTimer.singleShot(20, _click_open_folder)
    WATCHING.set()
    try:
        Asker(parent).offer_folder(tmp_path, [tmp_path / "session-1.pdf"])
    finally:
        WATCHING.clear()
    until = time.monotonic() + 10
    while not seen.exists() and time.monotonic() < until:
        time.sleep(0.05)
    lines = Path(seen).read_text().splitlines()
    assert f"ARG {tmp_path}" in lines
    assert "LD_LIBRARY_PATH=/usr/local/lib" in lines
    assert not any(line.startswith("QT_PLUGIN_PATH=") for line in lines)
    assert "VLC_PLUGIN_PATH=/home/me/vlc-plugins" in lines
    assert CHANGES == [] and dict(os.environ) == before


def _answer_open_folder(told: list[str]) -> None:
    """Click Open folder in the Exported box, then note the box that follows and close it."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        opener = next((b for b in box.buttons() if b.text() == "Open folder"), None)
        if opener is not None:
            QTimer.singleShot(20, answer)  # then the note that follows
            opener.click()
            return
        told.append(f"{box.windowTitle()}: {box.text()}")
        box.accept()

    QTimer.singleShot(20, answer)


def _told_after_open_folder(qtbot, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Export's box offered for ``folder``, Open folder clicked: the note that followed."""
    parent = QWidget()
    qtbot.addWidget(parent)
    told: list[str] = []
    _answer_open_folder(told)
    Asker(parent).offer_folder(folder, [folder / "session-1.pdf"])
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    return told


def _not_opened(folder: Path) -> str:
    return (
        "Folder not opened: No file manager could be started on this laptop."
        f" The files are in:\n{folder}"
    )


# without xdg-open, Qt's own opener: the offscreen platform has no launcher at all
@pytest.mark.qt_log_ignore("This plugin does not support QPlatformServices::openDocument")
def test_open_folder_says_where_the_files_are_when_nothing_can_open_it(
    qtbot, monkeypatch, tmp_path
):
    """From source on a laptop with no file manager Qt only logged "Unable to detect
    a launcher": the button did nothing visible."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no xdg-open on this laptop
    told = _told_after_open_folder(qtbot, tmp_path)
    assert told == [_not_opened(tmp_path)]


def test_open_folder_says_so_when_xdg_open_finds_nothing_to_open_it(qtbot, monkeypatch, tmp_path):
    """xdg-utils installed, nothing that opens folders: xdg-open says "no method
    available" and exits 3. Qt's opener called that opened."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    called = tmp_path / "called"
    opener = bin_dir / "xdg-open"  # a real program, answering as xdg-utils does
    opener.write_text(
        f'#!/bin/sh\necho "$1" > "{called}"\n'
        "echo \"xdg-open: no method available for opening '$1'\" >&2\nexit 3\n"
    )
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    told = _told_after_open_folder(qtbot, tmp_path)
    assert called.read_text().strip() == str(tmp_path)
    assert told == [_not_opened(tmp_path)]
