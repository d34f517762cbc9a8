"""Dialogs for the session's set-up, doses and close.

The window's ``Asker`` (pap_guide.ui.asker) opens them when first asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from pap_guide.core.controller import SessionError
from pap_guide.core.facts import names_problem
from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.protocol_text import protocol_summary
from pap_guide.core.setup_plan import ROLES, SESSION_TYPES
from pap_guide.ui.asker import DoseRequest, EndRequest, SetupRequest
from pap_guide.ui.dialog_fit import FitDialog, placeholder_fits, wrapped
from pap_guide.ui.entry_forms import error_label
from pap_guide.ui.widgets import named


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
        people: Sequence[str],
        parent: QWidget | None = None,
        codes: PatientCodes = DEFAULT_PATIENT_CODES,
        roles: Mapping[str, str] | None = None,
    ) -> None:
        self.summary = summary_view(protocol)
        super().__init__(f"New session · {protocol.name}", parent, 900, self.summary)
        self.codes = codes
        form = self.form
        self.patient = named(QLineEdit(patient), "patientCodeEdit", "Patient code")
        self.first_field = self.patient  # typing at once lands in the first field
        self.patient.setPlaceholderText(f"e.g. {codes.example}, never a name")
        placeholder_fits(self.patient)
        self.kind = named(QComboBox(), "sessionTypeCombo", "Session type")
        self.kind.addItems(list(SESSION_TYPES))
        self.kind.setCurrentText("dosing")
        form.addRow("Patient code", self.patient)
        form.addRow("Session type", self.kind)
        self.rows: list[tuple[QLineEdit, QComboBox]] = []
        known = roles or {}
        # every person offered gets a row (the team may be more than three), and
        # three rows at least to fill in
        defaults = [*people, "", "", ""][: max(3, len(people))]
        for index, name in enumerate(defaults):
            edit = named(QLineEdit(name), f"personName{index}", f"Person {index + 1}")
            edit.setPlaceholderText("name")
            role = named(QComboBox(), f"personRole{index}", f"Role of person {index + 1}")
            role.addItems(list(ROLES))
            if known.get(name) in ROLES:
                role.setCurrentText(known[name])  # as last time
            else:
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
            problem = names_problem([edit.text() for edit, _role in self.rows])
            if problem:
                raise SessionError(problem)
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
        draft: DoseRequest | None = None,
        earliest: tuple[float, str] | None = None,
    ) -> None:
        plan = protocol.setup.doses
        # how many minutes back the dose can have been given, and what is then: the
        # first dose, or the session's start (said here, not after the form has gone)
        self.earliest = earliest
        super().__init__(f"Record dose · {plan.substance or 'substance'}", parent)
        # a later dose is offered the supplemental amount, never the whole first dose again
        offered = plan.supplemental_offer(given[0]) if given else plan.amounts
        form = self.form
        self.amount = named(QDoubleSpinBox(), "doseAmountSpin", "Amount")
        self.first_field = self.amount  # typing at once lands in the first field
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
        if draft is not None:  # typed before, not recorded: as it was typed, and said so
            form.insertRow(
                0,
                wrapped(
                    "Typed before and not recorded. Check the amount and the time it "
                    "was given before saving."
                ),
            )
            self.amount.setValue(draft.amount)
            self.lot.setText(draft.lot)
            self.ago.setValue(draft.minutes_ago)

    def accept(self) -> None:
        """No amount, a required lot number not typed and a time the dose cannot have
        been given are said here, not after the dialog has gone."""
        if not self.amount.value() > 0:  # the desk refuses it too, after the form has gone
            self._refuse(self.amount, "The amount must be more than 0.")
            return
        if self.needs_lot and not self.lot.text().strip():
            self._refuse(self.lot, "This protocol records the lot number: type it.")
            return
        if self.earliest is not None and self.ago.value() > self.earliest[0]:
            minutes, what = self.earliest
            self._refuse(
                self.ago,
                f"{what} was {int(minutes)} min ago: this dose cannot have been given before it.",
            )
            return
        super().accept()

    def _refuse(self, field: QWidget, why: str) -> None:
        self.error.setText(why)
        self.error.show()
        field.setProperty("invalid", True)
        field.style().unpolish(field)
        field.style().polish(field)
        field.setFocus()
        self.refit()

    def request(self) -> DoseRequest:
        return DoseRequest(self.amount.value(), self.ago.value(), self.lot.text())


class EndDialog(FitDialog):
    """The discharge checklist and the outcome."""

    def __init__(
        self,
        protocol: SessionProtocol,
        done: list[str],
        parent: QWidget | None = None,
        draft: EndRequest | None = None,
    ) -> None:
        super().__init__("End session", parent)
        ticked = draft.discharge_ticked if draft is not None else []
        form = self.form
        if protocol.setup.discharge:
            form.addRow(wrapped("Discharge checklist:"))
        self.items: list[QCheckBox] = []
        for index, item in enumerate(protocol.setup.discharge):
            box = named(QCheckBox(item), f"dischargeItem{index}", item)
            box.setChecked(item in done or item in ticked)
            box.setEnabled(item not in done)
            form.addRow(box)
            self.items.append(box)
        self.outcome = named(QLineEdit(draft.outcome if draft else ""), "outcomeEdit", "Outcome")
        self.outcome.setPlaceholderText("e.g. completed, left with escort")
        placeholder_fits(self.outcome)
        form.addRow("Outcome", self.outcome)
        _buttons(self)

    def request(self) -> EndRequest:
        return EndRequest(
            self.outcome.text(), [b.text() for b in self.items if b.isChecked() and b.isEnabled()]
        )
