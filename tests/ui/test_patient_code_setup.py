"""The clinic's patient-code pattern reaches the window, its desk and the set-up dialog."""

from __future__ import annotations

from pap_guide.config.patient_codes import FILE_NAME
from pap_guide.ui.asker import SetupRequest
from pap_guide.ui.session_dialogs import SetupDialog
from tests.helpers.ui import child

SETTING = 'pattern = "PSY[0-9]{5}"\nexample = "PSY00142"\n'


def test_the_clinics_pattern_is_loaded_once_and_used_everywhere(make_window, data_dir, qtbot):
    (data_dir / FILE_NAME).write_text(SETTING, encoding="utf-8")
    window = make_window()
    codes = window.desk.patient_codes
    assert codes.example == "PSY00142"
    dialog = SetupDialog(window.desk.protocols["mdma"], "", ["Mara", "Jon"], window, codes)
    qtbot.addWidget(dialog)
    assert "e.g. PSY00142" in dialog.patient.placeholderText()
    dialog.patient.setText("P-0142")
    dialog.accept()
    assert not dialog.error.isHidden() and "codes like PSY00142" in dialog.error.text()
    dialog.patient.setText("jane_doe_1975-03-02")
    dialog.accept()
    assert dialog.error.text().startswith("That looks like a name (jane-doe")
    assert "and a date of birth" in dialog.error.text()
    assert dialog.result() == 0
    dialog.patient.setText("PSY31415")
    dialog.accept()
    assert dialog.result() == 1 and dialog.request().patient == "PSY31415"

    window.asker.setup_request = SetupRequest("P-0142", "dosing", {"Mara": "guide"})
    child(window, "startSessionButton").click()
    assert window.desk.session is None  # the desk refuses what the dialog refuses
    window.asker.setup_request = SetupRequest("PSY31415", "dosing", {"Mara": "guide"})
    window.asker.reason_text = "co-guide on call"
    child(window, "startSessionButton").click()
    assert window.desk.session is not None and window.desk.session.patient == "PSY31415"


def test_the_real_asker_gets_the_clinics_codes(data_dir, fake_clock, qtbot):
    from pap_guide.app import create_window

    (data_dir / FILE_NAME).write_text(SETTING, encoding="utf-8")
    window = create_window(
        ["--data-dir", str(data_dir), "--audio-output", "null"], clock=fake_clock
    )
    qtbot.addWidget(window)
    try:
        assert window.asker.patient_codes is window.desk.patient_codes
        assert window.asker.patient_codes.example == "PSY00142"
    finally:
        window.ticker.stop()


def test_a_broken_setting_is_a_banner_and_the_default_placeholder(make_window, data_dir, qtbot):
    (data_dir / FILE_NAME).write_text('pattern = "PSY[0-9"\nexample = "PSY1"\n', "utf-8")
    window = make_window()
    banner = child(window, "problemBanner")
    assert not banner.isHidden() and FILE_NAME in banner.text()
    assert "not a regular expression" in banner.text()
    dialog = SetupDialog(window.desk.protocols["mdma"], "", [], window, window.desk.patient_codes)
    qtbot.addWidget(dialog)
    assert "e.g. P-0142" in dialog.patient.placeholderText()


def test_set_up_refuses_a_name_with_a_comma_and_one_name_given_twice(make_window, qtbot):
    """ "Doe, Jo" came back from People… as two people; two "Bob"s were kept as one,
    the co-guide left out of the record with nothing said."""
    window = make_window()
    dialog = SetupDialog(window.desk.protocols["mdma"], "", ["Mara", "Jon"], window)
    qtbot.addWidget(dialog)
    dialog.patient.setText("P-0142")
    (first, _), (second, _) = dialog.rows[:2]
    first.setText("Doe, Jo")
    dialog.accept()
    assert dialog.result() == 0 and "cannot hold a comma" in dialog.error.text()
    assert first.text() == "Doe, Jo"  # kept as typed, to be put right
    first.setText("Bob")
    second.setText(" bob ")
    dialog.accept()
    assert dialog.result() == 0 and '"bob" is given twice' in dialog.error.text()
    second.setText("Jo Doe")
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.request().people == {"Bob": "guide", "Jo Doe": dialog.rows[1][1].currentText()}

    window.asker.setup_request = SetupRequest("P-0142", "dosing", {"Doe, Jo": "guide"})
    window.asker.reason_text = "co-guide on call"
    child(window, "startSessionButton").click()
    assert window.desk.session is None  # the desk refuses the comma too
