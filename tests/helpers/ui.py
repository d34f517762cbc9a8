"""Finding widgets by their automation names."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def child(window: QWidget, name: str) -> QWidget:
    """The widget called ``name``; fails the test if there is none."""
    found = window.findChild(QWidget, name)
    assert found is not None, name
    return found


def started(make_window, *extra: str):  # type: ignore[no-untyped-def]
    """A window with a session started (the dose given) and redrawn."""
    window = make_window(*extra)
    child(window, "startSessionButton").click()
    window.refresh()
    return window
