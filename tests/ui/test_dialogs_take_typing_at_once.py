"""What is typed as soon as a dialog opens goes into its first field.

Found in a walkthrough: the dose dialog opened with no field focused, so
"120" then Enter recorded the preset 80 mg; the set-up dialog lost a patient
code typed at once, and the adverse-event form its first words. The first
field had been given the focus before it was put in the dialog. These type
into the real dialogs opened by the real buttons, and read the database.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pap_guide.ui.asker import Asker
from tests.helpers.ui import begin, child


def _type_into_the_dialog(text: str) -> Callable[[], None]:
    """Once the dialog is up: ``text`` and Enter, to whatever has the focus."""

    tries = [200]  # 2 s for the dialog to open

    def typing() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(10, typing)
            return
        assert dialog is not None, "no dialog opened"
        QTest.qWaitForWindowExposed(dialog)
        focused = QApplication.focusWidget()
        if focused is None or not dialog.isAncestorOf(focused):
            dialog.reject()  # or the test waits for it for ever
            raise AssertionError(f"typing went to {focused!r}, not into the dialog")
        QTest.keyClicks(focused, text)
        QTest.keyClick(focused, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()
            raise AssertionError("Enter did not save the dialog")
        QTimer.singleShot(0, _answer_a_reason)

    return typing


def _answer_a_reason() -> None:
    """A session set up with fewer people than the protocol asks for needs a reason."""
    question = QApplication.activeModalWidget()
    if question is not None:
        QTest.qWaitForWindowExposed(question)
        QTest.keyClicks(QApplication.focusWidget(), "one facilitator today")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _through_the_dialog(button, text: str) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, _type_into_the_dialog(text))
    button.click()  # the dialog runs until Enter closes it


def _window(make_window, qtbot):  # type: ignore[no-untyped-def]
    window = make_window("--protocol", "mdma")
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    window.asker = Asker(window, window.desk.patient_codes)  # the real dialogs
    return window


def _stored(data_dir, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        return db.execute(sql).fetchall()


def test_a_patient_code_and_a_dose_typed_at_once_are_what_is_recorded(make_window, qtbot, data_dir):
    window = _window(make_window, qtbot)
    _through_the_dialog(child(window, "startSessionButton"), "P-0200")
    assert window.desk.session is not None
    assert window.desk.session.patient == "P-0200"
    _through_the_dialog(child(window, "recordDoseButton"), "120")  # the preset is 80 mg
    doses = _stored(data_dir, "select data from events where kind = 'dose'")
    assert [json.loads(data)["amount"] for (data,) in doses] == [120.0]


def test_an_adverse_event_typed_at_once_is_what_is_recorded(make_window, qtbot, data_dir):
    window = begin(make_window())  # set up and dosed through the automatic asker
    window.show()
    qtbot.waitExposed(window)
    window.asker = Asker(window)  # the real adverse-event form
    _through_the_dialog(child(window, "adverseEventButton"), "vomiting")
    rows = _stored(data_dir, "select data from entries where kind = 'adverse_event'")
    assert [json.loads(data)["what"] for (data,) in rows] == ["vomiting"]


def test_ctrl_4_opens_the_adverse_event_form_with_the_key_itself(make_window, qtbot):
    """Found in a second walkthrough: the button's own shortcut clicked it 100 ms
    later (a button's shortcut animates the click), so words typed at once went
    into the note field, and Enter saved "vomit" as a note. The form must be
    open when the key has been handled, before any next key."""
    window = begin(make_window())
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # a window's shortcuts work in the active window
    child(window, "noteEdit").setFocus()
    opened: list[bool] = []
    window.asker.adverse = lambda save: opened.append(True) or False  # type: ignore[method-assign]
    # through the window, as the system sends keys: shortcuts are matched there
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert opened == [True]
