"""F1: every keyboard shortcut of the window, in one list.

The list is written out here, in words a guide and a monitor use; a test
checks it against the shortcuts the window really has, so it never goes stale.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from pap_guide.ui.widgets import named, plain

SHORTCUT_HELP: tuple[tuple[str, str, str], ...] = (  # (group, keys, what they do)
    ("Monitor", "Ctrl+1", "Go to the note field"),
    ("Monitor", "Enter", "Save the note, the vitals or the rating being typed"),
    ("Monitor", "Tab", "From the note field to systolic, then through the vitals"),
    ("Monitor", "Ctrl+2", "Go to the vitals (systolic)"),
    ("Monitor", "Ctrl+3", "Go to the rating"),
    ("Monitor", "Ctrl+4", "Log an adverse event"),
    ("Monitor", "Ctrl+L", "Go to the log"),
    ("Monitor", "Left / Right", "On the vitals chart: the cursor to the reading before or after"),
    ("Monitor", "Esc", "Clear the form being typed in"),
    ("Guide", "Ctrl+Shift+N", "Start the next phase now"),
    ("Guide", "Ctrl+Shift+E", "Extend this phase"),
    ("Guide", "Ctrl+Shift+B", "Undo the phase move just made (for ten seconds)"),
    ("Music", "Ctrl+P", "Pause or play the music"),
    ("Music", "Ctrl+Shift+S", "Skip to the next track"),
    ("Music", "Ctrl+H", "Hush: fade the music to silence"),
    ("Music", "Ctrl+Up", "Music louder"),
    ("Music", "Ctrl+Down", "Music softer"),
    ("Window", "Ctrl+T", "Switch the day or night theme"),
    ("Window", "F1", "This list"),
)


class ShortcutHelp(QDialog):
    """The shortcut list, grouped by who uses it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutHelp")
        self.setAccessibleName("Keyboard shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        layout.addLayout(grid)
        row, group = 0, ""
        for heading, keys, what in SHORTCUT_HELP:
            if heading != group:
                group = heading
                title = plain(named(QLabel(heading), f"shortcutGroup{heading}", heading))
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                title.setContentsMargins(0, 8, 0, 2)
                grid.addWidget(title, row, 0, 1, 2)
                row += 1
            grid.addWidget(plain(QLabel(keys)), row, 0)
            grid.addWidget(plain(QLabel(what)), row, 1)  # one line each: a wrapped row was cut
            row += 1
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
