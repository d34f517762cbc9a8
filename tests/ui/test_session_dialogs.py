"""The set-up, dose and end dialogs themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pap_guide.config.locations import Locations
from pap_guide.core.protocol import load_catalog
from pap_guide.ui.session_dialogs import DoseDialog, EndDialog, SetupDialog


@pytest.fixture(scope="module")
def protocols():
    locations = Locations(Path("/nonexistent-user-folder"))
    return load_catalog(locations.protocol_folders, locations.playlist_folders).protocols


def test_setup_refuses_a_name_as_patient_code(qtbot, protocols):
    dialog = SetupDialog(protocols["mdma"], "", ["Mara", "Jon"])
    qtbot.addWidget(dialog)
    dialog.patient.setText("Jane Doe")
    dialog.accept()
    assert not dialog.error.isHidden() and "letters, digits" in dialog.error.text()
    assert dialog.result() == 0
    dialog.patient.setText("P-0142")
    dialog.rows[2][0].setText("Ana")
    dialog.accept()
    request = dialog.request()
    assert request.patient == "P-0142" and request.session_type == "dosing"
    assert request.people == {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


def test_dose_dialog_offers_the_protocol_amount(qtbot, protocols):
    dialog = DoseDialog(protocols["esketamine-rems"])
    qtbot.addWidget(dialog)
    assert dialog.amount.value() == 56
    assert dialog.amount.suffix() == " mg"
    dialog.lot.setText("LOT-9")
    dialog.ago.setValue(3)
    request = dialog.request()
    assert (request.amount, request.minutes_ago, request.lot) == (56, 3, "LOT-9")


def test_end_dialog_lists_discharge_items(qtbot, protocols):
    protocol = protocols["mdma"]
    done = [protocol.setup.discharge[0]]
    dialog = EndDialog(protocol, done)
    qtbot.addWidget(dialog)
    assert not dialog.items[0].isEnabled() and dialog.items[0].isChecked()
    dialog.items[1].setChecked(True)
    dialog.outcome.setText("completed")
    request = dialog.request()
    assert request.discharge_ticked == [protocol.setup.discharge[1]]
    assert request.outcome == "completed"


def test_end_dialog_opens_with_what_was_typed_into_it_last_time(qtbot, protocols):
    from pap_guide.ui.asker import EndRequest

    protocol = protocols["mdma"]
    items = protocol.setup.discharge
    draft = EndRequest("left with escort", [items[1]])
    dialog = EndDialog(protocol, [items[0]], draft=draft)
    qtbot.addWidget(dialog)
    assert dialog.outcome.text() == "left with escort"
    assert [box.isChecked() for box in dialog.items[:3]] == [True, True, False]
    assert dialog.request() == draft


def test_a_later_dose_offers_the_supplemental_amount(protocols, qtbot):
    dialog = DoseDialog(protocols["mdma"], [120.0])
    qtbot.addWidget(dialog)
    assert dialog.amount.value() == 40.0  # never the whole first dose again
    first = DoseDialog(protocols["mdma"])
    qtbot.addWidget(first)
    assert first.amount.value() == 80.0


def test_closing_with_entries_unsaved_defaults_to_no(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from pap_guide.ui.asker import Asker

    seen = {}

    def run(box):
        seen["default"] = box.defaultButton()
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", run)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert Asker(parent).close_unsaved("3 entries not yet saved. Close anyway?") is False
    assert seen["default"].text().replace("&", "") == "No"  # Enter keeps the window open


def _setup_rows(window):  # type: ignore[no-untyped-def]
    """Start… through the real Asker: the set-up form's people rows, then cancel."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pap_guide.ui.asker import Asker
    from tests.helpers.ui import child

    window.asker = Asker(window)
    seen: list[tuple[str, str]] = []

    def read() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(20, read)
            return
        seen.extend((edit.text(), role.currentText()) for edit, role in dialog.rows)
        dialog.reject()

    QTimer.singleShot(0, read)
    child(window, "startSessionButton").click()
    return seen


def test_a_new_session_offers_last_sessions_people_with_their_roles(make_window):
    from pap_guide.ui.asker import SetupRequest
    from tests.helpers.ui import begin, child

    window = make_window()
    window.asker.setup_request = SetupRequest(
        "P-0142", "dosing", {"Ana": "monitor", "Mara": "guide", "Jon": "co-guide", "Lee": "monitor"}
    )
    begin(window)
    window.asker.reason_text = "test: short session"
    child(window, "endSessionButton").click()
    assert _setup_rows(window) == [
        ("Ana", "monitor"),
        ("Mara", "guide"),
        ("Jon", "co-guide"),
        ("Lee", "monitor"),  # a fourth person is offered too, not dropped
    ]


def test_after_a_restart_the_set_up_offers_the_people_in_the_room(make_window):
    from tests.helpers.ui import child

    first = make_window()
    people = child(first, "peopleEdit")
    people.setText("Mara, Jon")
    QTest.keyClick(people, Qt.Key.Key_Return)  # kept: remembered in the settings
    first.close()
    again = make_window()  # no session yet: only the room's people are known
    assert _setup_rows(again) == [("Mara", "guide"), ("Jon", "co-guide"), ("", "monitor")]


def test_the_dose_form_says_a_dose_cannot_go_before_the_first(qtbot, protocols):
    dialog = DoseDialog(protocols["mdma"], [120.0], None, None, (42.5, "The first dose"))
    qtbot.addWidget(dialog)
    dialog.ago.setValue(50)
    dialog.accept()
    assert dialog.result() == 0 and not dialog.error.isHidden()
    assert dialog.error.text() == (
        "The first dose was 42 min ago: this dose cannot have been given before it."
    )
    assert dialog.ago.property("invalid") is True
    dialog.ago.setValue(40)
    dialog.accept()
    assert dialog.result() == 1 and dialog.request().minutes_ago == 40
