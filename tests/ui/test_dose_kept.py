"""A dose typed and not recorded (its reason not given) is not lost: the form
opens again with the amount, the lot and the time it was really given."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QLabel

from pap_guide.ui.asker import DoseRequest
from pap_guide.ui.session_dialogs import DoseDialog
from tests.helpers.ui import child, started


def test_a_dose_whose_reason_was_cancelled_comes_back_as_typed(make_window, fake_clock, data_dir):
    window = started(make_window, "--protocol", "mdma")  # supplemental window T+1:30-2:30
    fake_clock.advance(25 * 60)  # before it: the dose asks why
    window.asker.dose_request = DoseRequest(10.0, 5, "LOT-22")
    window.asker.reason_text = None  # the guide cancels the question
    child(window, "recordDoseButton").click()
    assert "outside the supplemental window" in window.asker.questions[-1]
    assert len(window.desk.facts().doses) == 1
    assert "Dose not recorded: no reason given." in window.statusBar().currentMessage()
    given = fake_clock.now().timestamp() - 5 * 60
    fake_clock.advance(10 * 60)
    window.asker.reason_text = "second dose agreed with the medical lead"
    window.asker.dose_request = None  # the guide looks at the form and cancels it
    child(window, "recordDoseButton").click()
    assert window.asker.dose_drafts[-1] == DoseRequest(10.0, 15, "LOT-22")  # 5 + 10 min ago
    window.asker.dose_request = window.asker.dose_drafts[-1]  # then gives it as it was
    child(window, "recordDoseButton").click()
    assert len(window.desk.facts().doses) == 2
    second = window.desk.facts().doses[-1]
    assert second.lot == "LOT-22" and abs(second.given.timestamp() - given) < 60
    child(window, "recordDoseButton").click()
    assert window.asker.dose_drafts[-1] is None  # recorded: nothing kept
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        (count,) = db.execute("select count(*) from events where kind = 'dose'").fetchone()
    assert count >= 2


def test_the_dose_form_opens_with_the_draft(qapp, make_window):
    window = started(make_window)
    dialog = DoseDialog(window.desk.protocol, [25.0], None, DoseRequest(12.5, 15, "LOT-9"))
    assert dialog.request() == DoseRequest(12.5, 15, "LOT-9")
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Typed before and not recorded" in said  # a kept dose is never taken for new
    fresh = DoseDialog(window.desk.protocol, [25.0], None)
    assert "not recorded" not in " ".join(label.text() for label in fresh.findChildren(QLabel))
    fresh.deleteLater()
    dialog.deleteLater()


def test_a_kept_dose_opened_hours_later_keeps_its_real_time(make_window, fake_clock):
    """The form counts at most 240 minutes ago: opened five hours later, the dose was
    recorded 65 minutes off its real time."""
    window = started(make_window, "--protocol", "mdma")
    fake_clock.advance(25 * 60)
    window.asker.dose_request = DoseRequest(10.0, 5, "LOT-22")
    window.asker.reason_text = None
    child(window, "recordDoseButton").click()
    given = fake_clock.now().timestamp() - 5 * 60
    fake_clock.advance(5 * 3600)
    window.asker.reason_text = "agreed with the medical lead"
    window.asker.dose_request = None
    child(window, "recordDoseButton").click()
    offered = window.asker.dose_drafts[-1]
    assert offered.minutes_ago == 240  # as far as the form goes
    window.asker.dose_request = offered  # left as it was
    child(window, "recordDoseButton").click()
    assert window.desk.facts().doses[-1].given.timestamp() == given


def test_the_dose_form_knows_how_far_back_a_dose_can_go(make_window, fake_clock):
    window = make_window("--protocol", "mdma")
    child(window, "startSessionButton").click()
    fake_clock.advance(12 * 60)
    window.asker.dose_request = None
    child(window, "recordDoseButton").click()
    minutes, what = window.asker.dose_earliest[-1]
    assert what == "The session's start" and minutes >= 12
    window.asker.reason_text = "checklist done on paper"
    window.asker.dose_request = DoseRequest(120.0, 5, "LOT-22")
    child(window, "recordDoseButton").click()
    fake_clock.advance(90 * 60)
    window.asker.dose_request = None
    child(window, "recordDoseButton").click()
    assert window.asker.dose_earliest[-1] == (95.0, "The first dose")


def test_an_amount_of_nothing_is_refused_beside_the_amount(qapp, make_window, qtbot):
    """It was refused after the dialog had gone, in the status line, and the form
    opened again said only that it had not been recorded, not why."""
    window = started(make_window)
    dialog = DoseDialog(window.desk.protocol, [25.0], window)
    qtbot.addWidget(dialog)
    dialog.show()
    amount = child(dialog, "doseAmountSpin")
    amount.setValue(0.0)
    child(dialog, "doseLotEdit").setText("LOT-3")
    dialog.accept()
    assert dialog.isVisible()  # not closed: the amount is put right here
    error = child(dialog, "doseError")
    assert error.isVisible() and error.text() == "The amount must be more than 0."
    assert amount.hasFocus() or dialog.focusWidget() is amount
    amount.setValue(12.5)
    dialog.accept()
    assert not dialog.isVisible()


def test_a_refused_dose_leaves_no_earlier_amendment_message(make_window, fake_clock):
    """Beside "Amendment saved" under the log, a refused dose looked recorded."""
    window = started(make_window, "--protocol", "mdma")
    fake_clock.advance(60)
    note = child(window, "noteEdit")
    note.setText("eyes closed")
    child(window, "addNoteButton").click()
    log = window.log_panel.log
    log.select_row(0)
    window.asker.amend_answer = ({"text": "eyes closed, calm"}, "word left out")
    child(window, "correctEntryButton").click()
    message = child(window, "logMessage")
    assert message.text().startswith("Amendment saved")
    fake_clock.advance(25 * 60)  # before the supplemental window: the dose asks why
    window.asker.dose_request = DoseRequest(10.0, 0, "LOT-22")
    window.asker.reason_text = None  # and the guide gives none
    child(window, "recordDoseButton").click()
    assert "Dose not recorded" in window.statusBar().currentMessage()
    assert message.text() == ""
    assert len(window.desk.facts().doses) == 1
