"""Dialogs for the session's set-up, doses and close, and the asker that runs them.

Everything the session panel needs to ask goes through an ``Asker``; tests
and QA scripts replace it with one that answers without dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from pap_guide.config.locations import outside_environment
from pap_guide.core.controller import SessionError
from pap_guide.core.entries import Entry
from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.protocol_text import protocol_summary
from pap_guide.core.session import SessionRecord
from pap_guide.core.setup_plan import ROLES, SESSION_TYPES
from pap_guide.ui.dialog_fit import FitDialog, placeholder_fits, wrapped
from pap_guide.ui.entry_dialogs import AdverseDialog, AmendDialog, SaveAdverse, SaveAmendment
from pap_guide.ui.entry_forms import error_label
from pap_guide.ui.question_dialog import QuestionDialog
from pap_guide.ui.widgets import named


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


def _buttons(dialog: FitDialog) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    dialog.add_buttons(box)


def summary_view(protocol: SessionProtocol) -> QTextEdit:
    """The chosen protocol, read-only plain text that wraps and scrolls."""
    view = named(QTextEdit(), "protocolSummary", f"About the protocol {protocol.name}")
    view.setReadOnly(True)
    view.setAcceptRichText(False)
    view.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setPlainText(f"{protocol.name}\n\n{protocol_summary(protocol)}")
    view.setMinimumWidth(260)
    return view


class SetupDialog(FitDialog):
    """Patient code, session type and the people in the room with their roles."""

    def __init__(
        self,
        protocol: SessionProtocol,
        patient: str,
        people: list[str],
        parent: QWidget | None = None,
        codes: PatientCodes = DEFAULT_PATIENT_CODES,
    ) -> None:
        self.summary = summary_view(protocol)
        super().__init__(f"New session · {protocol.name}", parent, 900, self.summary)
        self.codes = codes
        form = self.form
        self.patient = named(QLineEdit(patient), "patientCodeEdit", "Patient code")
        self.patient.setFocus()  # typing at once lands in the first field
        self.patient.setPlaceholderText(f"e.g. {codes.example}, never a name")
        placeholder_fits(self.patient)
        self.kind = named(QComboBox(), "sessionTypeCombo", "Session type")
        self.kind.addItems(list(SESSION_TYPES))
        self.kind.setCurrentText("dosing")
        form.addRow("Patient code", self.patient)
        form.addRow("Session type", self.kind)
        self.rows: list[tuple[QLineEdit, QComboBox]] = []
        defaults = [*people, "", "", ""][:3]
        for index, name in enumerate(defaults):
            edit = named(QLineEdit(name), f"personName{index}", f"Person {index + 1}")
            edit.setPlaceholderText("name")
            role = named(QComboBox(), f"personRole{index}", f"Role of person {index + 1}")
            role.addItems(list(ROLES))
            role.setCurrentIndex(min(index, len(ROLES) - 1))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(role)
            form.addRow(f"Person {index + 1}", row)
            self.rows.append((edit, role))
        self.error = error_label("setupError", "Set-up problem")
        form.addRow(self.error)
        _buttons(self)

    def accept(self) -> None:
        try:
            self.codes.check(self.patient.text())
        except SessionError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.refit()
            return
        super().accept()

    def request(self) -> SetupRequest:
        people = {
            edit.text().strip(): role.currentText()
            for edit, role in self.rows
            if edit.text().strip()
        }
        return SetupRequest(self.patient.text().strip(), self.kind.currentText(), people)


class DoseDialog(FitDialog):
    """Amount, lot number and when it was really given."""

    def __init__(
        self,
        protocol: SessionProtocol,
        given: Sequence[float] = (),
        parent: QWidget | None = None,
    ) -> None:
        plan = protocol.setup.doses
        super().__init__(f"Record dose · {plan.substance or 'substance'}", parent)
        # a later dose is offered the supplemental amount, never the whole first dose again
        offered = plan.supplemental_offer(given[0]) if given else plan.amounts
        form = self.form
        self.amount = named(QDoubleSpinBox(), "doseAmountSpin", "Amount")
        self.amount.setFocus()  # typing at once lands in the first field
        self.amount.setRange(0.0, 10000.0)
        self.amount.setDecimals(2)
        self.amount.setSuffix(f" {plan.unit}")
        self.amount.setValue(offered[0] if offered else 0.0)
        self.lot = named(QLineEdit(), "doseLotEdit", "Lot number")
        self.ago = named(QSpinBox(), "doseMinutesAgoSpin", "Given how many minutes ago")
        self.ago.setRange(0, 240)
        self.ago.setSuffix(" min ago")
        self.ago.setSpecialValueText("now")
        form.addRow(f"{plan.substance or 'Substance'} ({plan.route})", self.amount)
        if offered:
            kind = "Usual supplemental" if given else "Usual"
            usual = ", ".join(f"{a:g} {plan.unit}" for a in offered)
            form.addRow(wrapped(f"{kind}: {usual}"))
        form.addRow("Lot number" + (" (required)" if plan.ask_lot else ""), self.lot)
        form.addRow("Given", self.ago)
        self.needs_lot = plan.ask_lot
        self.error = error_label("doseError", "Dose problem")
        form.addRow(self.error)
        _buttons(self)

    def accept(self) -> None:
        """A required lot number is asked for here, not after the dialog has gone."""
        if self.needs_lot and not self.lot.text().strip():
            self.error.setText("This protocol records the lot number: type it.")
            self.error.show()
            self.lot.setProperty("invalid", True)
            self.lot.style().unpolish(self.lot)
            self.lot.style().polish(self.lot)
            self.lot.setFocus()
            self.refit()
            return
        super().accept()

    def request(self) -> DoseRequest:
        return DoseRequest(self.amount.value(), self.ago.value(), self.lot.text())


class EndDialog(FitDialog):
    """The discharge checklist and the outcome."""

    def __init__(
        self, protocol: SessionProtocol, done: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__("End session", parent)
        form = self.form
        if protocol.setup.discharge:
            form.addRow(wrapped("Discharge checklist:"))
        self.items: list[QCheckBox] = []
        for index, item in enumerate(protocol.setup.discharge):
            box = named(QCheckBox(item), f"dischargeItem{index}", item)
            box.setChecked(item in done)
            box.setEnabled(item not in done)
            form.addRow(box)
            self.items.append(box)
        self.outcome = named(QLineEdit(), "outcomeEdit", "Outcome")
        self.outcome.setPlaceholderText("e.g. completed, left with escort")
        placeholder_fits(self.outcome)
        form.addRow("Outcome", self.outcome)
        _buttons(self)

    def request(self) -> EndRequest:
        return EndRequest(
            self.outcome.text(), [b.text() for b in self.items if b.isChecked() and b.isEnabled()]
        )


class Asker:
    """Asks the guide with dialogs; every method returns None when cancelled."""

    def __init__(
        self, parent: QWidget, patient_codes: PatientCodes = DEFAULT_PATIENT_CODES
    ) -> None:
        self.parent = parent
        self.patient_codes = patient_codes  # the clinic's, for the set-up dialog

    def setup(
        self, protocol: SessionProtocol, patient: str, people: list[str]
    ) -> SetupRequest | None:
        dialog = SetupDialog(protocol, patient, people, self.parent, self.patient_codes)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def dose(self, protocol: SessionProtocol, given: Sequence[float] = ()) -> DoseRequest | None:
        dialog = DoseDialog(protocol, given, self.parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def end(self, protocol: SessionProtocol, done: list[str]) -> EndRequest | None:
        dialog = EndDialog(protocol, done, self.parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def export_folder(self, suggested: Path) -> Path | None:
        folder = QFileDialog.getExistingDirectory(
            self.parent, "Export the session record to", str(suggested)
        )
        return Path(folder) if folder else None

    def offer_folder(self, folder: Path, files: list[Path]) -> None:
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
            with outside_environment():  # the file manager gets the desktop's libraries
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

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
        return AdverseDialog(save, self.parent).exec() == QDialog.DialogCode.Accepted

    def amend(self, entry: Entry, strike: bool, save: SaveAmendment) -> bool:
        """The correction (or strike-out) form; True once ``save`` took it."""
        dialog = AmendDialog(entry, strike, save, self.parent)
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
        return _ask_yes(self.parent, "Entries not yet saved", question)

    def reason(self, question: str) -> str | None:
        text = _ask_text(self.parent, "A reason is needed", question)
        return text if text is not None and text.strip() else None


# The prompts below show names and messages that hold what someone typed: their
# text is plain (QMessageBox would guess rich text).


def _ask_text(
    parent: QWidget, title: str, label: str, items: list[str] | None = None, editable: bool = False
) -> str | None:
    """A line of text, or one of ``items``; None when cancelled."""
    dialog = QuestionDialog(title, label, parent, items, editable)
    return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_yes(parent: QWidget, title: str, question: str) -> bool:
    """Yes or No, with No as the default: Enter never closes or adds by accident."""
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
