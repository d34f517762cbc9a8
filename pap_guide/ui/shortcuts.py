"""Window shortcuts that work from anywhere, the text fields included.

A line edit claims Ctrl+Up, Ctrl+H and others for itself through Qt's
ShortcutOverride event, so the music's shortcuts did nothing while the
monitor typed, which is most of the time. This filter takes those events
away from text widgets for the window's own shortcut keys, so the shortcut
wins; every other key still goes to the field. Never a key that edits text
(EDITING): Ctrl+Right, the next-word key, was the music's skip, and jumping a
word in a note skipped the patient's track. It watches the
widget with the focus (where ShortcutOverride is sent), not the whole
application: a filter on the application runs Python for every event of
every object, and was most of what a cursor blink cost.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)  # claim shortcut keys
Std = QKeySequence.StandardKey
# what the text fields do with keys: moving, selecting, deleting, undoing, clipboard
EDITING = (
    Std.Undo, Std.Redo, Std.Cut, Std.Copy, Std.Paste, Std.SelectAll, Std.Deselect,
    Std.Delete, Std.Backspace, Std.DeleteStartOfWord, Std.DeleteEndOfWord,
    Std.DeleteEndOfLine, Std.DeleteCompleteLine,
    Std.MoveToNextChar, Std.MoveToPreviousChar, Std.MoveToNextWord, Std.MoveToPreviousWord,
    Std.MoveToNextLine, Std.MoveToPreviousLine, Std.MoveToNextPage, Std.MoveToPreviousPage,
    Std.MoveToStartOfLine, Std.MoveToEndOfLine, Std.MoveToStartOfBlock, Std.MoveToEndOfBlock,
    Std.MoveToStartOfDocument, Std.MoveToEndOfDocument,
    Std.SelectNextChar, Std.SelectPreviousChar, Std.SelectNextWord, Std.SelectPreviousWord,
    Std.SelectNextLine, Std.SelectPreviousLine, Std.SelectNextPage, Std.SelectPreviousPage,
    Std.SelectStartOfLine, Std.SelectEndOfLine, Std.SelectStartOfBlock, Std.SelectEndOfBlock,
    Std.SelectStartOfDocument, Std.SelectEndOfDocument,
)  # fmt: skip


def editing_keys() -> set[str]:
    """The key combinations a text field edits with, on this platform."""
    return {seq.toString() for key in EDITING for seq in QKeySequence.keyBindings(key)}


def window_keys(window: QWidget) -> set[str]:
    """Every key combination the window's shortcuts and buttons answer to."""
    found: list[QKeySequence] = [s.key() for s in window.findChildren(QShortcut)]
    found += [b.shortcut() for b in window.findChildren(QAbstractButton)]
    return {seq.toString() for seq in found if not seq.isEmpty()}


class ShortcutsEverywhere(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.keys: set[str] = set()
        self.update_keys()
        for kind in TEXT_FIELDS:  # the fields there now; later ones when they get the focus
            for field in window.findChildren(kind):
                field.installEventFilter(self)

    def update_keys(self) -> None:
        """The window's keys as they are now (music attached later adds its own);
        never a key the text fields edit with: a field's own keys stay its own."""
        self.keys = window_keys(self.window) - editing_keys()

    def follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The focus moved: watch the widget that has it, if it is in this window."""
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)  # again on the same widget: still once

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if QKeySequence(event.keyCombination()).toString() not in self.keys:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        event.ignore()  # not claimed by the field: the window's shortcut runs
        return True
