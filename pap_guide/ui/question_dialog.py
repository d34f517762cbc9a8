"""A question with a line of text or a choice of names as the answer.

The question wraps (a reason asked for can be several sentences) and is
plain text: it can hold names and messages that someone typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QWidget

from pap_guide.ui.dialog_fit import FitDialog, wrapped
from pap_guide.ui.widgets import named


class QuestionDialog(FitDialog):
    """Asks ``question``; the answer is typed (``reasonEdit``) or chosen (``personCombo``)."""

    def __init__(
        self,
        title: str,
        question: str,
        parent: QWidget | None = None,
        items: list[str] | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__(title, parent, width=480)
        self.question = named(wrapped(question), "questionText", "Question")
        self.form.addRow(self.question)
        self.answer: QLineEdit | QComboBox
        if items is None:
            self.answer = named(QLineEdit(), "reasonEdit", "Reason")
        else:
            self.answer = named(QComboBox(), "personCombo", "Person")
            self.answer.addItems(items)
            self.answer.setEditable(editable)
        self.form.addRow(self.answer)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.add_buttons(box)
        self.answer.setFocus()

    def text(self) -> str:
        if isinstance(self.answer, QLineEdit):
            return self.answer.text()
        return self.answer.currentText()
