"""A temperature typed in °F is corrected in °F: the form showed the Celsius
value with no unit, refused a °F value, and the correction lost what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel

from pap_guide.core.entries import VITALS
from pap_guide.core.logbook import FAHRENHEIT
from pap_guide.core.vitals import Reading
from pap_guide.ui.entry_dialogs import AmendDialog
from tests.helpers.ui import child, started


def test_the_correction_form_offers_a_fahrenheit_reading_in_fahrenheit(make_window):
    window = started(make_window)
    entry = window.log_panel.book.vitals(
        {"heart_rate": "80", "temperature_c": "101.5"}, True, "Ana"
    )
    dialog = AmendDialog(entry, False, None, window)
    assert dialog.fields["temperature_c"].text() == "101.5"
    box = dialog.findChild(QCheckBox, "amendFahrenheitCheck")
    assert box.isChecked()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Heart rate (/min)", "Temperature"} <= labels
    assert dialog.values()[FAHRENHEIT] == "yes"
    box.setChecked(False)
    assert FAHRENHEIT not in dialog.values()
    dialog.deleteLater()
    celsius = window.log_panel.book.vitals({"temperature_c": "37.2"}, False, "Ana")
    plain = AmendDialog(celsius, False, None, window)
    assert not plain.findChild(QCheckBox, "amendFahrenheitCheck").isChecked()
    assert plain.fields["temperature_c"].text() == "37.2"
    plain.deleteLater()


def test_a_fahrenheit_correction_is_saved_in_celsius_with_what_was_typed(make_window):
    window = started(make_window)
    book = window.log_panel.book
    book.vitals({"temperature_c": "101.5"}, True, "Ana")
    window.log_panel.refresh_log()
    window.log_panel.log.select_row(0)
    window.asker.amend_answer = ({"temperature_c": "100.9", FAHRENHEIT: "yes"}, "re-read")
    child(window, "correctEntryButton").click()
    (line,) = [line for line in book.lines() if line.original.kind == VITALS]
    reading = Reading.from_data(line.current.data)
    assert reading.values["temperature_c"] == 38.28
    assert reading.entered["temperature_c"] == "100.9 °F"
    assert window.asker.amend_errors == []
