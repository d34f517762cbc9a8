"""The asker: everything the window asks the guide goes through it.

Its dialogs are imported when first asked for, not at start: they are not
needed for the first frame. Tests and QA scripts replace it with one that
answers without dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from pap_guide.core.entries import Entry
from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionRecord

if TYPE_CHECKING:
    from pap_guide.ui.entry_dialogs import SaveAdverse, SaveAmendment


@dataclass(frozen=True)
class SetupRequest:
    patient: str
    session_type: str
    people: dict[str, str]  # name -> role


@dataclass(frozen=True)
class DoseRequest:
    amount: float
    minutes_ago: int = 0
    lot: str = ""


@dataclass(frozen=True)
class EndRequest:
    outcome: str
    discharge_ticked: list[str] = field(default_factory=list)


class Asker:
    """Asks the guide with dialogs; every method returns None when cancelled."""

    def __init__(
        self, parent: QWidget, patient_codes: PatientCodes = DEFAULT_PATIENT_CODES
    ) -> None:
        self.parent = parent
        self.patient_codes = patient_codes  # the clinic's, for the set-up dialog
        self.export_to: Path | None = None  # the folder last exported to, offered next time

    def setup(
        self,
        protocol: SessionProtocol,
        patient: str,
        people: list[str],
        roles: Mapping[str, str] | None = None,
    ) -> SetupRequest | None:
        """The set-up form, with ``people`` (and their ``roles``, where known) filled in."""
        from pap_guide.ui.session_dialogs import SetupDialog

        dialog = SetupDialog(protocol, patient, people, self.parent, self.patient_codes, roles)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def dose(
        self,
        protocol: SessionProtocol,
        given: Sequence[float] = (),
        draft: DoseRequest | None = None,
        earliest: tuple[float, str] | None = None,
    ) -> DoseRequest | None:
        """The dose form; ``draft``: what was typed into it last time, when that dose
        was not recorded (its reason not given); ``earliest``: how many minutes ago
        the dose can have been given at most, and what was then."""
        from pap_guide.ui.session_dialogs import DoseDialog

        dialog = DoseDialog(protocol, given, self.parent, draft, earliest)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def end(
        self, protocol: SessionProtocol, done: list[str], draft: EndRequest | None = None
    ) -> EndRequest | None:
        """The end form; ``draft``: what was typed into it last time, when that end was
        not done."""
        from pap_guide.ui.session_dialogs import EndDialog

        dialog = EndDialog(protocol, done, self.parent, draft)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def export_folder(
        self, suggested: Path, title: str = "Export the session record to"
    ) -> Path | None:
        """The folder to export to; the one chosen last time is offered while it exists."""
        from pap_guide.ui.file_dialogs import choose_folder

        last = self.export_to
        start = last if last is not None and last.is_dir() else suggested
        chosen = choose_folder(self.parent, title, start)
        if chosen is not None:
            self.export_to = chosen
        return chosen

    def offer_folder(self, folder: Path, files: list[Path]) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setWindowTitle("Exported")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Written to {folder} (readable by you only):\n" + "\n".join(f.name for f in files)
        )
        open_button = box.addButton("Open folder", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_button:
            from pap_guide.ui.folder_opener import open_folder

            open_folder(folder, self.parent, self._folder_not_opened)

    def _folder_not_opened(self, folder: Path) -> None:
        """Open folder did nothing visible: say where the files are, to copy the path."""
        from PySide6.QtWidgets import QMessageBox

        note = QMessageBox(self.parent)
        note.setIcon(QMessageBox.Icon.Information)
        note.setWindowTitle("Folder not opened")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setText(
            f"No file manager could be started on this laptop. The files are in:\n{folder}"
        )
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note.exec()

    def export_failed(self, folder: Path, problem: str) -> bool:
        """Said where it cannot be missed (the status line was): whether to choose
        another folder (the chooser no longer opens in the one that failed)."""
        if self.export_to == folder:
            self.export_to = None
        return _ask_yes(self.parent, "Not exported", f"{problem}\n\nChoose another folder?")

    def step_out(self, people: list[str]) -> tuple[str, str] | None:
        """Who steps out, and who covers for them."""
        name = _ask_text(self.parent, "Step out", "Who steps out?", people)
        if name is None:
            return None
        others = [p for p in people if p != name]
        cover = _ask_text(self.parent, "Step out", f"Who covers for {name}?", others, True)
        return (name, cover) if cover is not None else None

    def step_back(self, out: list[str]) -> str | None:
        return _ask_text(self.parent, "Back in", "Who is back?", out)

    def adverse(self, save: SaveAdverse) -> bool:
        """The adverse-event form; True once ``save`` took it."""
        from pap_guide.ui.entry_dialogs import AdverseDialog

        return AdverseDialog(save, self.parent).exec() == QDialog.DialogCode.Accepted

    def amend(
        self, entry: Entry, strike: bool, save: SaveAmendment, first: Entry | None = None
    ) -> bool:
        """The correction (or strike-out) form of ``entry``, the current version of the
        one ``first`` logged; True once ``save`` took it."""
        from pap_guide.ui.entry_dialogs import AmendDialog

        dialog = AmendDialog(entry, strike, save, self.parent, first)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def sessions(
        self, sessions: list[tuple[SessionRecord, str]], record_text: Callable[[int], list[str]]
    ) -> None:
        """Every session, each record readable, read-only."""
        from pap_guide.ui.sessions_dialog import SessionsDialog  # first use: not at start

        SessionsDialog(sessions, record_text, self.parent).exec()

    def recover(self, question: str) -> bool:
        return _ask_yes(self.parent, "Entries from the last run", question)

    def close_unsaved(self, question: str) -> bool:
        return _ask_yes(self.parent, "Not yet saved", question)

    def close_running(self, question: str) -> bool:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return True  # no screen to ask on: a script that closes the window means it
        return _ask_yes(self.parent, "A session is under way", question)

    def reason(self, question: str) -> str | None:
        text = _ask_text(self.parent, "A reason is needed", question)
        return text if text is not None and text.strip() else None


# The prompts below show names and messages that hold what someone typed: their
# text is plain (QMessageBox would guess rich text).


def _ask_text(
    parent: QWidget, title: str, label: str, items: list[str] | None = None, editable: bool = False
) -> str | None:
    """A line of text, or one of ``items``; None when cancelled."""
    from pap_guide.ui.question_dialog import QuestionDialog

    dialog = QuestionDialog(title, label, parent, items, editable)
    return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_yes(parent: QWidget, title: str, question: str) -> bool:
    """Yes or No, with No as the default: Enter never closes or adds by accident."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
