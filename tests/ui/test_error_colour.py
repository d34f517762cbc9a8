"""Every refusal beside a form is said in the alert colour: the dose form's was in
the body text's colour (its label was missing from the style sheet's list)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from pap_guide.ui.entry_forms import error_label
from pap_guide.ui.session_dialogs import DoseDialog
from pap_guide.ui.theme import THEMES, stylesheet
from tests.helpers.ui import started


def _colour(label: QLabel) -> QColor:
    label.ensurePolished()
    return label.palette().color(QPalette.ColorRole.WindowText)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_any_error_label_is_in_the_alert_colour(qtbot, no_app_sheet, theme):
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setStyleSheet(stylesheet(THEMES[theme]))
    label = error_label("anyNewFormError", "A new form's problem")
    label.setParent(holder)
    assert _colour(label) == QColor(THEMES[theme].alert)


def test_the_dose_forms_refusal_is_in_the_alert_colour(make_window, qtbot):
    window = started(make_window)  # the window's theme sheet is the application's
    dialog = DoseDialog(window.desk.protocol, [], window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setValue(0.0)
    dialog.accept()
    error = dialog.findChild(QLabel, "doseError")
    assert error.isVisible()
    assert _colour(error) == QColor(THEMES[window.theme_name].alert)
