"""Shared fixtures: a fake clock, a throwaway data folder, a window factory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pap_guide.core.clock import FakeClock
from tests.helpers.asker import AutoAsker

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Unsaved-entry files go to the user's cache folder: one of its own per test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def make_window(qtbot, data_dir: Path, fake_clock: FakeClock) -> Iterator[Callable[..., object]]:
    """Build the real main window through the automation contract."""
    from pap_guide.app import create_window

    windows = []

    def make(*extra: str, clock: object = None):
        window = create_window(
            ["--data-dir", str(data_dir), "--audio-output", "null", *extra],
            clock=clock or fake_clock,
        )
        window.asker = AutoAsker()
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.ticker.stop()
    _delete_windows(windows)


def _delete_windows(windows: list) -> None:
    """Closed windows are deleted, their dialogs too: otherwise every later test
    re-styles every widget ever made, and the suite slows with each test."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for window in windows:
        window.close()
        window.deleteLater()
    for widget in QApplication.topLevelWidgets():
        if widget.isHidden() and widget.parent() is None:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def no_app_sheet(qapp):  # type: ignore[no-untyped-def]
    """No application style sheet while the test runs: a window made by an earlier test
    leaves its theme's, which then styles widgets that have their own or none."""
    kept = qapp.styleSheet()
    qapp.setStyleSheet("")
    yield
    qapp.setStyleSheet(kept)
