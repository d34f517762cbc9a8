"""The monitor log in the main window, driven by its automation names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.ui import child, started

LOG_NAMES = [
    "noteEdit",
    "addNoteButton",
    "systolicEdit",
    "diastolicEdit",
    "heartRateEdit",
    "spo2Edit",
    "respRateEdit",
    "temperatureEdit",
    "saveVitalsButton",
    "vitalsError",
    "logView",
    "vitalsChart",
    "nextCheckLabel",
]


def rows(window):
    tree = child(window, "logView")
    return [
        [tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())
    ]


def test_contract_names(make_window):
    window = make_window()
    for name in LOG_NAMES:
        assert child(window, name).accessibleName(), name


def test_note_in_one_line_and_enter(make_window, qtbot, fake_clock):
    window = started(make_window)
    fake_clock.advance(95)
    edit = child(window, "noteEdit")
    qtbot.keyClicks(edit, "Settled, eyes closed")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == ""
    assert rows(window)[0] == ["T+0:01:35", "Ana", "Note", "Settled, eyes closed"]


def test_empty_note_is_refused_next_to_the_field(make_window, qtbot):
    window = started(make_window)
    qtbot.keyClick(child(window, "noteEdit"), Qt.Key.Key_Return)
    error = child(window, "noteError")
    assert not error.isHidden() and "Type something" in error.text()
    assert rows(window) == []


def test_observation_in_one_click(make_window):
    window = started(make_window)
    child(window, "observation_emotional_release").click()
    assert rows(window)[0][2:] == ["Observation", "Emotional release"]


def type_vitals(window, qtbot, **values):
    names = {
        "systolic": "systolicEdit",
        "diastolic": "diastolicEdit",
        "heart_rate": "heartRateEdit",
        "spo2": "spo2Edit",
        "resp_rate": "respRateEdit",
        "temperature": "temperatureEdit",
    }
    for key, text in values.items():
        edit = child(window, names[key])
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_vitals_saved_flagged_and_refused(make_window, qtbot):
    window = started(make_window)
    type_vitals(window, qtbot, systolic="1200", diastolic="80")
    child(window, "saveVitalsButton").click()
    error = child(window, "vitalsError")
    assert "not possible" in error.text() and not error.isHidden()
    assert child(window, "systolicEdit").text() == "1200"  # kept to fix
    assert child(window, "systolicEdit").property("invalid") is True
    assert rows(window) == []
    type_vitals(window, qtbot, systolic="172", heart_rate="104", temperature="37.2")
    qtbot.keyClick(child(window, "heartRateEdit"), Qt.Key.Key_Return)
    assert error.isHidden()
    row = rows(window)[0]
    assert row[2] == "Vitals" and row[3].startswith("⚠ BP 172/80, HR 104, T 37.2 °C")
    assert "above 160" in row[3] and "above 100" in row[3]
    assert child(window, "systolicEdit").text() == ""
    window.refresh()
    assert child(window, "nextCheckLabel").text().startswith("Repeat check due")


def test_fahrenheit_entry_shows_the_original(make_window, qtbot):
    window = started(make_window)
    child(window, "fahrenheitCheck").setChecked(True)
    type_vitals(window, qtbot, temperature="100.4")
    child(window, "saveVitalsButton").click()
    assert rows(window)[0][3].startswith("T 38.0 °C (typed 100.4 °F)")


def test_rating_and_its_refusal(make_window, qtbot):
    window = started(make_window)
    edit = child(window, "ratingEdit")
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "outside 0 to 10" in child(window, "ratingError").text()
    edit.clear()
    qtbot.keyClicks(edit, "4")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert rows(window)[0][2:] == ["Rating", "SUDS 4 (0–10)"]


def test_adverse_event_is_marked(make_window):
    window = started(make_window)
    window.asker.adverse_answer = ("Vomited", "mild", "bowl, water")
    child(window, "adverseEventButton").click()
    row = rows(window)[0]
    assert row[2] == "Adverse event" and row[3].startswith("ADVERSE EVENT (mild): Vomited")
    tree = child(window, "logView")
    assert tree.topLevelItem(0).font(3).bold()


def test_amend_keeps_the_original(make_window, qtbot):
    window = started(make_window)
    type_vitals(window, qtbot, systolic="210", diastolic="80")
    child(window, "saveVitalsButton").click()
    log = window.log_panel.log
    log.select_row(0)
    assert not log.amend(log.selected(), {"systolic": "120", "diastolic": "80"}, "", False)
    assert "Say why" in child(window, "logMessage").text()
    assert log.amend(log.selected(), {"systolic": "120", "diastolic": "80"}, "typo", False)
    item = child(window, "logView").topLevelItem(0)
    assert item.text(3).startswith("BP 120/80") and "(corrected)" in item.text(3)
    history = [item.child(i).text(3) for i in range(item.childCount())]
    assert history[0].startswith("BP 210/80")
    assert "why: typo" in history[1]
    log.select_row(0)
    assert log.amend(log.selected(), {}, "wrong patient", True)
    item = child(window, "logView").topLevelItem(0)
    # the reading as it stood when struck out; the original and each change beneath
    assert item.text(3).startswith("[struck out: wrong patient] BP 120/80")
    assert item.font(3).strikeOut()
    history = [item.child(i).text(3) for i in range(item.childCount())]
    assert history[0].startswith("BP 210/80") and "why: typo" in history[1]
    assert history[2].startswith("struck out · why: wrong patient")


def test_filter_by_kind_and_flagged(make_window, qtbot):
    window = started(make_window)
    qtbot.keyClicks(child(window, "noteEdit"), "calm")
    child(window, "addNoteButton").click()
    type_vitals(window, qtbot, heart_rate="130")
    child(window, "saveVitalsButton").click()
    log_filter = child(window, "logFilter")
    log_filter.setCurrentIndex(log_filter.findData("note"))
    assert [r[2] for r in rows(window)] == ["Note"]
    log_filter.setCurrentIndex(log_filter.findData("flagged"))
    assert [r[2] for r in rows(window)] == ["Vitals"]


def test_due_and_overdue_move_with_the_clock(make_window, qtbot, fake_clock):
    window = started(make_window)
    label = child(window, "nextCheckLabel")
    assert label.text().startswith("Vitals check due at T+0:00")
    type_vitals(window, qtbot, heart_rate="70")
    child(window, "saveVitalsButton").click()
    window.refresh()
    assert label.text() == "Vitals check due at T+0:30 (in 30 min)"
    assert label.property("overdue") is False
    fake_clock.advance(36 * 60)
    window.refresh()
    assert label.text().startswith("Vitals check overdue by 6 min")
    assert label.property("overdue") is True


def test_checks_stay_due_while_the_session_runs_past_its_planned_end(
    make_window, qtbot, fake_clock
):
    """Six hours planned; the patient is still in the room at T+6:10."""
    window = started(make_window)
    label = child(window, "nextCheckLabel")
    fake_clock.advance(6 * 3600)
    window.refresh()
    type_vitals(window, qtbot, heart_rate="72")
    child(window, "saveVitalsButton").click()
    fake_clock.advance(10 * 60)
    window.refresh()
    assert label.text() == "Vitals check due at T+6:30 (in 20 min)"
    fake_clock.advance(26 * 60)
    window.refresh()
    assert label.text().startswith("Vitals check overdue by 6 min")
    assert label.property("overdue") is True


def test_chart_shows_the_vitals(make_window, qtbot, fake_clock):
    window = started(make_window)
    for minutes, rate in ((0, "70"), (30, "80"), (60, "120")):
        fake_clock.advance(minutes * 60 and 30 * 60)
        window.refresh()
        type_vitals(window, qtbot, heart_rate=rate)
        child(window, "saveVitalsButton").click()
    window.refresh()
    chart = window.log_panel.chart
    assert chart.series["heart_rate"].count() == 0  # behind the log: it catches up when shown
    tabs = child(window, "logTabs")
    tabs.setCurrentIndex(tabs.indexOf(chart.parentWidget()))
    points = chart.series["heart_rate"].points()
    assert [(round(p.x(), 2), p.y()) for p in points] == [(0, 70), (0.5, 80), (1.0, 120)]
    assert chart.flagged.count() == 1


def test_people_in_the_room_and_one_click_author(make_window, qtbot):
    window = started(make_window)
    people = child(window, "peopleEdit")
    people.setText("Mara, Jon")
    QTest.keyClick(people, Qt.Key.Key_Return)
    assert child(window, "author_0").text() == "Mara"
    assert child(window, "author_0").isChecked()
    qtbot.mouseClick(child(window, "author_1"), Qt.MouseButton.LeftButton)  # one click
    qtbot.keyClicks(child(window, "noteEdit"), "ok")
    child(window, "addNoteButton").click()
    assert rows(window)[0][1] == "Jon"
    again = make_window()
    assert child(again, "author_1").text() == "Jon"  # remembered


def test_any_note_text_is_saved_or_refused_with_a_message(make_window):
    window = started(make_window)
    edit, error = child(window, "noteEdit"), child(window, "noteError")

    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=120))
    def check(text):
        edit.setText(text)
        before = len(rows(window))
        child(window, "addNoteButton").click()
        if len(rows(window)) == before:
            assert not error.isHidden() and error.text().strip()
            assert edit.text() == text  # kept for fixing
        else:
            assert edit.text() == ""

    check()


def test_temperature_unit_is_a_remembered_setting(make_window):
    window = make_window()
    child(window, "fahrenheitCheck").setChecked(True)
    assert child(make_window(), "fahrenheitCheck").isChecked()


def test_esc_clears_the_red_outlines_and_a_save_clears_an_old_refusal(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = started(make_window)
    systolic = child(window, "systolicEdit")
    qtbot.keyClicks(systolic, "1200")
    qtbot.keyClick(systolic, Qt.Key.Key_Return)
    assert systolic.property("invalid") is True
    systolic.setFocus()
    window.log_panel.forms.clear_focused_form()  # what Esc runs (its shortcut needs a screen)
    assert systolic.text() == "" and systolic.property("invalid") is False
    log = window.log_panel.log
    log.message.setText("Not saved: Say why the entry is corrected.")
    qtbot.keyClicks(child(window, "noteEdit"), "calm")
    qtbot.keyClick(child(window, "noteEdit"), Qt.Key.Key_Return)
    assert log.message.text() == ""


def test_after_a_vitals_set_the_cursor_goes_back_to_systolic(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = started(make_window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClicks(child(window, "systolicEdit"), "120")
    qtbot.keyClicks(child(window, "diastolicEdit"), "80")
    temperature = child(window, "temperatureEdit")
    temperature.setFocus()
    qtbot.keyClicks(temperature, "36.8")
    qtbot.keyClick(temperature, Qt.Key.Key_Return)
    assert window.focusWidget() is child(window, "systolicEdit")


def amend_vitals(make_window, qtbot, strike: bool):  # type: ignore[no-untyped-def]
    """The Correct… (or Strike out…) dialog for a session's one vitals entry."""
    from functools import partial

    from pap_guide.ui.entry_dialogs import AmendDialog

    window = started(make_window)
    book, log = window.log_panel.book, window.log_panel.log
    book.vitals({"systolic": "120", "diastolic": "80"}, False, "Ana")
    log.refresh()
    line = log.lines[0]
    dialog = AmendDialog(line.current, strike, partial(log._save, line, strike=strike))
    qtbot.addWidget(dialog)
    return dialog, book


def test_correct_stays_open_with_what_was_typed_when_refused(make_window, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog, book = amend_vitals(make_window, qtbot, strike=False)
    dialog.fields["systolic"].setText("1200")
    dialog.reason.setText("")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert dialog.result() == 0 and not dialog.error.isHidden()
    assert dialog.fields["systolic"].text() == "1200"  # kept as typed
    assert dialog.reason.property("invalid") is True  # the reason is asked for first
    dialog.reason.setText("typed an extra zero")
    save.click()
    assert dialog.result() == 0 and "not possible" in dialog.error.text()
    assert dialog.fields["systolic"].property("invalid") is True
    assert dialog.reason.text() == "typed an extra zero"
    assert len(book.lines()[0].history) == 1  # nothing saved
    dialog.fields["systolic"].setText("124")
    dialog.reason.setText("misread the cuff")
    save.click()
    assert dialog.result() == 1
    assert book.lines()[0].current.data["values"]["systolic"] == 124


def test_logging_starts_on_the_monitor_and_stays_with_who_chose(make_window, qtbot):
    window = started(make_window)  # Mara guide, Jon co-guide, Ana monitor
    assert window.log_panel.author() == "Ana"
    qtbot.mouseClick(child(window, "author_0"), Qt.MouseButton.LeftButton)
    window.desk.extend_phase(5)
    window.session_panel.session_changed.emit()  # a phase move changes nobody
    assert window.log_panel.author() == "Mara"


def test_every_time_and_kind_fits_its_column(make_window, qtbot, fake_clock):
    from PySide6.QtGui import QFont, QFontMetrics

    from pap_guide.ui.wrap_delegate import PADDING

    window = make_window()
    child(window, "startSessionButton").click()
    window.show()
    book = window.log_panel.book
    note = book.note("before the dose", "Ana")  # 'pre-dose HH:MM'
    book.adverse("fainted briefly", "moderate", "", "Ana")  # bold
    child(window, "recordDoseButton").click()
    fake_clock.advance(10 * 3600 + 59 * 60)
    book.correct(note, {"text": "before the dose, seated"}, "typo", "Ana")
    window.refresh()
    tree = child(window, "logView")
    tree.expandAll()
    qtbot.wait(20)  # the rows laid out at their columns' widths
    header = tree.header()
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    rows = [(item, 0) for item in items]
    rows += [(item.child(i), 1) for item in items for i in range(item.childCount())]
    for item, depth in rows:
        for column in (0, 2):
            font = QFont(tree.font())  # the stylesheet's, unless the row sets its own
            font.setBold(item.font(column).bold())
            metrics = QFontMetrics(font)
            text = item.text(column)
            room = header.sectionSize(column) - PADDING
            if column == 0:
                room -= tree.indentation() * (1 + depth)
            if metrics.horizontalAdvance(text) <= room:
                continue
            # only a time before the dose may wrap, after 'pre-dose', on a row of two lines
            assert text.startswith("pre-dose "), text
            assert all(metrics.horizontalAdvance(part) <= room for part in text.split(" "))
            assert tree.visualItemRect(item).height() >= 2 * metrics.height(), text


@pytest.mark.parametrize(("strike", "focused"), [(False, "systolic"), (True, "reason")])
def test_typing_at_once_in_the_correct_dialog_lands_in_its_first_field(
    make_window, qtbot, strike, focused
):  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    dialog, _book = amend_vitals(make_window, qtbot, strike)
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.focusWidget(), "2")
    field = dialog.reason if focused == "reason" else dialog.fields[focused]
    assert field.text().endswith("2")


def test_a_refusal_goes_when_its_form_is_emptied_by_hand(make_window, qtbot):
    window = started(make_window)
    type_vitals(window, qtbot, systolic="1200", diastolic="80")
    qtbot.keyClick(child(window, "diastolicEdit"), Qt.Key.Key_Return)
    error = child(window, "vitalsError")
    assert not error.isHidden()
    for name in ("systolicEdit", "diastolicEdit"):
        edit = child(window, name)
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        assert error.isHidden() == (name == "diastolicEdit")  # only once all are empty
    assert child(window, "systolicEdit").property("invalid") is False
    rating = child(window, "ratingEdit")
    qtbot.keyClicks(rating, "12")
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    assert not child(window, "ratingError").isHidden()
    qtbot.keyClick(rating, Qt.Key.Key_Backspace)
    assert not child(window, "ratingError").isHidden()  # "1" is still there
    qtbot.keyClick(rating, Qt.Key.Key_Backspace)
    assert child(window, "ratingError").isHidden()
    assert rows(window) == []


def test_closing_over_typed_text_asks_and_keeps_it_when_told_no(make_window, qtbot):
    window = started(make_window)
    window.show()
    qtbot.keyClicks(child(window, "noteEdit"), "Patient asks for water")
    type_vitals(window, qtbot, systolic="128", heart_rate="72")
    window.asker.close_answer = False
    window.close()
    (question,) = window.asker.questions[-1:]
    assert "a note (Patient asks for water)" in question
    assert "vitals (Sys 128, HR 72)" in question and "Close anyway?" in question
    assert window.isVisible()  # told no: open, with what was typed still there
    assert child(window, "noteEdit").text() == "Patient asks for water"
    assert child(window, "heartRateEdit").text() == "72"
    window.asker.close_answer = True
    window.close()
    assert not window.isVisible()


def test_closing_with_nothing_typed_asks_nothing(make_window):
    window = make_window()
    child(window, "startSessionButton").click()  # set up, not dosed: nothing under way
    window.show()
    asked = len(window.asker.questions)
    window.close()
    assert not window.isVisible() and len(window.asker.questions) == asked


def test_an_observation_is_not_offered_a_correction_form(make_window):
    window = started(make_window)
    buttons = child(window, "observationButtons").findChildren(
        type(child(window, "saveVitalsButton"))
    )
    buttons[0].click()
    window.log_panel.log.select_row(0)
    window.asker.amend_answer = ({}, "should never be asked")
    child(window, "correctEntryButton").click()
    assert "can only be struck out: use Strike out…" in child(window, "logMessage").text()
    assert window.asker.amend_errors == []  # the form never opened: nothing was tried
    assert len(window.log_panel.book.lines()[0].history) == 1


def test_a_struck_out_entry_is_refused_before_any_form(make_window, qtbot):
    """Correct… on a struck-out entry brought it back in every export."""
    window = started(make_window)
    qtbot.keyClicks(child(window, "noteEdit"), "wrong patient")
    child(window, "addNoteButton").click()
    window.log_panel.log.select_row(0)
    window.asker.amend_answer = ({}, "entered for the wrong patient")
    child(window, "strikeEntryButton").click()
    assert window.log_panel.book.lines()[0].struck
    window.asker.amend_answer = ({"text": "right patient"}, "should never be asked")
    for button, said in (
        ("correctEntryButton", "it cannot be corrected. Log it again as a new entry."),
        ("strikeEntryButton", "Already struck out."),
    ):
        window.log_panel.log.select_row(0)
        child(window, button).click()
        assert said in child(window, "logMessage").text()
    assert window.asker.amend_errors == []  # no form opened: nothing was tried
    assert len(window.log_panel.book.lines()[0].history) == 2  # the note and its strike


def test_once_the_session_has_ended_nothing_offers_a_correction(make_window, qtbot, fake_clock):
    window = started(make_window)
    qtbot.keyClicks(child(window, "noteEdit"), "calm")
    child(window, "addNoteButton").click()
    window.asker.outcome = "completed"
    fake_clock.advance(100)
    child(window, "endSessionButton").click()
    window.refresh()
    assert not window.desk.is_open()
    assert not child(window, "correctEntryButton").isEnabled()
    assert not child(window, "strikeEntryButton").isEnabled()


def test_a_save_the_filter_hides_is_still_confirmed(make_window, qtbot):
    window = started(make_window)
    log_filter = child(window, "logFilter")
    log_filter.setCurrentIndex(log_filter.findData("vitals"))
    qtbot.keyClicks(child(window, "noteEdit"), "calm, eyes closed")
    qtbot.keyClick(child(window, "noteEdit"), Qt.Key.Key_Return)
    assert window.log_panel.book.lines()[0].current.data == {"text": "calm, eyes closed"}
    assert child(window, "logMessage").text() == "Note saved. The log shows vitals only."
    type_vitals(window, qtbot, heart_rate="72")
    child(window, "saveVitalsButton").click()
    assert child(window, "logMessage").text() == ""  # shown in the log: nothing to say


def test_a_note_with_no_spaces_wraps_in_full(make_window, qtbot):
    """A pasted link or a key held down: Qt's word wrap breaks only at spaces, so the
    row stayed one line and the rest of the note was cut off at the column's edge."""
    from PySide6.QtGui import QFont, QFontMetrics

    from pap_guide.ui.wrap_delegate import PADDING

    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    typed = "https://example.org/" + "x" * 200 + "W" * 120  # W: the widest letter
    edit = child(window, "noteEdit")
    edit.setText(typed)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    tree = child(window, "logView")
    qtbot.wait(20)  # the rows laid out at their columns' widths
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if typed in tree.topLevelItem(i).text(3)
    )
    assert item.text(3).count("\u200b") == 0  # the record's text: shown breakable only
    metrics = QFontMetrics(QFont(tree.font()))
    room = tree.header().sectionSize(3) - PADDING
    lines = -(-metrics.horizontalAdvance(item.text(3)) // room)
    assert lines >= 3
    # every line in sight (less one: the measures of a line and of a font differ a little)
    assert tree.visualItemRect(item).height() >= (lines - 1) * metrics.height()
    # and no line of it wider than the column: each breaks where the column ends
    from PySide6.QtCore import QRect

    from pap_guide.ui.wrap_delegate import breakable

    shown = breakable(item.text(3))
    wrapped = metrics.boundingRect(QRect(0, 0, room, 100_000), int(Qt.TextFlag.TextWordWrap), shown)
    assert wrapped.width() <= room
