"""The idle lock hides the record, never the clock or the music."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from tests.helpers.ui import begin, child


class Ticks:
    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


def locked_window(make_window, minutes="10"):
    window = make_window("--lock-after", minutes)
    begin(window)
    lock = window.idle_lock
    lock.now = Ticks()
    lock.last_input = 0.0
    return window, lock


def test_locks_after_idle_and_keeps_clock_and_music(make_window, fake_clock):
    window, lock = locked_window(make_window)
    lock.now.value = 9 * 60
    window.on_tick()
    assert not lock.locked
    lock.now.value = 10 * 60
    fake_clock.advance(600)
    window.on_tick()
    assert lock.locked
    assert window.log_panel.isHidden() and not child(window, "lockOverlay").isHidden()
    assert child(window, "sessionClock").text() == "T+00:10:00"
    assert window.music.conductor.now_playing() is not None
    assert child(window, "unlockEdit").isHidden()  # plain records: one click unlocks
    child(window, "unlockButton").click()
    assert not lock.locked and not window.log_panel.isHidden()


def test_input_postpones_the_lock(make_window, qapp):
    window, lock = locked_window(make_window)
    lock.now.value = 9 * 60
    event = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    qapp.sendEvent(child(window, "noteEdit"), event)
    lock.now.value = 15 * 60
    window.on_tick()
    assert not lock.locked


def test_encrypted_records_need_the_passphrase(make_window, qtbot):
    window, lock = locked_window(make_window)
    lock.check = lambda typed: typed == "clinic passphrase"
    lock.now.value = 11 * 60
    window.on_tick()
    qtbot.keyClicks(child(window, "unlockEdit"), "guess")
    child(window, "unlockButton").click()
    assert lock.locked and "does not unlock" in child(window, "unlockMessage").text()
    child(window, "unlockEdit").setText("clinic passphrase")
    child(window, "unlockButton").click()
    assert not lock.locked


def test_off_by_default(make_window):
    assert make_window().idle_lock is None


def test_locked_nothing_shows_or_exports_the_record(make_window, fake_clock, tmp_path, qtbot):
    from PySide6.QtWidgets import QDialog

    window, lock = locked_window(make_window)
    window.show()
    qtbot.waitExposed(window)
    open_dialog = QDialog(window)  # a dialog already open when the lock comes
    open_dialog.show()
    lock.now.value = 11 * 60
    window.on_tick()
    assert lock.locked and not open_dialog.isVisible()
    assert not child(window, "exportButton").isEnabled()
    assert not child(window, "sessionsButton").isEnabled()
    window.asker.export_to = tmp_path / "out"
    window.export_record()  # a shortcut or a script cannot go around the buttons
    window.open_sessions()
    assert window.asker.exported == [] and window.asker.sessions_dialog is None
    assert not (tmp_path / "out").exists()
    child(window, "unlockButton").click()
    assert child(window, "exportButton").isEnabled()


def test_locked_the_session_record_stays_hidden_and_unchanged_through_ticks(
    make_window, fake_clock, qtbot, data_dir
):
    """Found in a walkthrough: each tick showed the record panel again, so a
    checklist item could be ticked (and was recorded) while locked, and Record
    dose and End session stayed usable."""
    import sqlite3

    window, lock = locked_window(make_window)
    window.show()
    qtbot.waitExposed(window)
    lock.now.value = 11 * 60
    window.on_tick()
    assert lock.locked
    for _ in range(3):  # the record stays hidden, tick after tick
        fake_clock.advance(1)
        window.on_tick()
        qtbot.wait(5)
    record = window.record_panel
    assert record.isHidden()
    assert not record.isVisibleTo(window)
    assert not child(window, "recordDoseButton").isEnabled()
    assert not child(window, "endSessionButton").isEnabled()
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        before = db.execute("select count(*) from events").fetchone()[0]
    child(window, "recordDoseButton").click()  # disabled: nothing happens
    child(window, "endSessionButton").click()
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        assert db.execute("select count(*) from events").fetchone()[0] == before
    assert window.desk.is_open()
    child(window, "unlockButton").click()
    qtbot.wait(5)
    assert not record.isHidden()
    assert child(window, "recordDoseButton").isEnabled()


def test_the_lock_says_one_minute_in_the_singular(make_window):
    window, _lock = locked_window(make_window, "1")
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in child(window, "lockOverlay").findChildren(QLabel)]
    assert any("after 1 minute without" in text for text in texts), texts


def test_locked_typing_saves_nothing(make_window, qtbot, data_dir):
    """Found in a second walkthrough: the hidden note field kept the focus, and
    notes typed while locked were saved behind the overlay."""
    import sqlite3

    from PySide6.QtTest import QTest

    window, lock = locked_window(make_window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    note = child(window, "noteEdit")
    note.setFocus()
    lock.now.value = 11 * 60
    window.on_tick()
    assert lock.locked
    QTest.keyClicks(note, "plain locked")
    QTest.keyClick(note, Qt.Key.Key_Return)
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        assert db.execute("select count(*) from entries").fetchone() == (0,)
