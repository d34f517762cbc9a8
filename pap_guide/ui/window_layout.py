"""Where the main window's parts sit: the top line, the guide's column, the monitor's.

The guide's column holds the clock, the timeline and the session record (and
the music once it is built); the monitor's holds the log with the banners
above it, so problems take their height from the log, never from the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pap_guide.ui.idle_lock import LockOverlay
from pap_guide.ui.log_panel import LogPanel
from pap_guide.ui.music_panel import MusicPanel, MusicWaiting
from pap_guide.ui.record_panel import RecordPanel
from pap_guide.ui.session_panel import SessionPanel
from pap_guide.ui.widgets import named, plain

EVEN_SPLIT = 10_000  # the columns' shares, not pixels: QSplitter scales them


@dataclass
class Layout:
    """The layouts that take parts later: the music panel, its warnings."""

    central: QWidget
    top: QHBoxLayout
    column: QVBoxLayout  # the guide's
    stack: QVBoxLayout | None  # the monitor's, when there is a log
    lock_overlay: LockOverlay | None
    music_room: MusicWaiting | None = None  # holds the music's place until it comes


def keep_music_room(layout: Layout, volume: int) -> None:
    """Hold the music panel's rows under the clock until libVLC has started."""
    layout.music_room = MusicWaiting(volume)
    layout.column.addWidget(layout.music_room)


def drop_music_room(layout: Layout) -> None:
    """The stand-in goes (the music came, or will not come)."""
    room, layout.music_room = layout.music_room, None
    if room is not None:
        layout.column.removeWidget(room)
        room.setParent(None)  # out of the window's children at once, deleted soon after
        room.deleteLater()


def lay_out(
    top_widgets: list[QWidget],
    session_panel: SessionPanel,
    record_panel: RecordPanel,
    log_panel: LogPanel | None,
    banners: list[QLabel],
    lock_minutes: float,
    window: QWidget | None = None,
) -> Layout:
    """The window's central widget: ``top_widgets`` in a line over the two columns.

    Its containers are made inside the ``window`` they go into: under the
    application's style sheet, a made tree moved into another widget is styled
    all over again (the splitter with both columns: 12 ms of every start)."""
    central = QWidget(window)
    layout = QVBoxLayout(central)
    top = QHBoxLayout()
    top.addWidget(top_widgets[0], 1)
    for widget in top_widgets[1:]:
        top.addWidget(widget)
    layout.addLayout(top)
    if log_panel is None:
        for banner in banners:
            layout.addWidget(banner)
    split = QSplitter(central)
    split.setObjectName("mainSplitter")
    left = QWidget(split)
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    column.addWidget(session_panel, 1)
    column.addWidget(record_panel)
    split.addWidget(left)
    stack, overlay = None, None
    if log_panel is not None:
        right = QWidget(split)
        stack = QVBoxLayout(right)
        stack.setContentsMargins(0, 0, 0, 0)
        for banner in banners:
            stack.addWidget(banner)
        stack.addWidget(log_panel, 1)
        # who steps out sits beside who is in the room
        for button in (record_panel.step_out_button, record_panel.step_back_button):
            log_panel.people_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        overlay = LockOverlay(lock_minutes)
        stack.addWidget(overlay)
        split.addWidget(right)
        split.setStretchFactor(0, 1)  # the guide's column and the monitor's share the width
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        # equal from the start: left to the size hints, the split depended on what
        # the panels held when it was first laid out (the clock was squeezed at times)
        split.setSizes([EVEN_SPLIT, EVEN_SPLIT])
    layout.addWidget(split, 1)
    return Layout(central, top, column, stack, overlay)


def place_music(layout: Layout, music: MusicPanel, beside: QPushButton, below: QLabel) -> None:
    """The music panel under the clock, in its stand-in's place if it has one; its
    edit button ``beside`` Export…, its warnings ``below`` the last banner over the log."""
    # playlists are set up before a session, not during one: beside Export…
    layout.top.insertWidget(layout.top.indexOf(beside), music.edit_button)
    music.edit_button.show()
    layout.column.addWidget(music)
    # shown now: a widget added to a shown layout is shown on the event loop's next
    # turn, and the stand-in, gone at once, left the place blank for 100-200 ms
    music.show()
    drop_music_room(layout)
    stack = layout.stack
    if stack is not None:  # the music's warnings too: the clock column stays as it is
        at = stack.indexOf(below) + 1
        stack.insertWidget(at, music.warning)
        stack.insertWidget(at + 1, music.message)


def top_row() -> tuple[QLabel, QPushButton, QPushButton, QPushButton]:
    """The window's top line and its buttons: Export…, Sessions…, the theme switch."""
    info = plain(named(QLabel(""), "sessionInfo", "Session information"))
    export = named(QPushButton("Export…"), "exportButton", "Export the session record")
    export.setToolTip("Write this session's record as PDF, CSV and FHIR R4")
    sessions = named(QPushButton("Sessions…"), "sessionsButton", "List of sessions")
    sessions.setToolTip("Open, ended and rehearsal sessions, each readable")
    theme = named(QPushButton(""), "themeButton", "Switch day or night theme")
    theme.setToolTip("Switch between the dim night theme and the day theme (Ctrl+T)")
    return info, export, sessions, theme
