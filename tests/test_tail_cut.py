"""The last rows deleted with their ledger entries: a shorter chain that verifies, and seen.

The head kept beside the database (``pap-guide.db.chain``) pins what the app last
saved; doctor and the next start say the record ends before it. A killed app
(its pin behind the record) starts again without a false alarm.
"""

from __future__ import annotations

import random
import sqlite3
import time

import pytest

from pap_guide.core.clock import SystemClock
from pap_guide.store import chain
from tests.helpers.ui import child, shown, started, type_note
from tests.test_crash_resume import kill, start_app
from tests.test_tamper import pap_guide

pytestmark = pytest.mark.slow

CUT = "the record ends before what pap-guide last saved on this laptop"


def cut_from_second_note(db) -> None:  # type: ignore[no-untyped-def]
    """Delete, as someone with the sqlite3 tool would, every row saved from the second
    note on, with their ledger entries: what is left is the chain as it was then."""
    with sqlite3.connect(db) as conn:
        second = conn.execute(
            "SELECT seq FROM ledger JOIN entries ON tbl = 'entries' AND row_rowid = entries.id"
            " WHERE entries.kind = 'note' ORDER BY seq LIMIT 1 OFFSET 1"
        ).fetchone()[0]
        for table in (*chain.CHAINED_TABLES, "ledger"):
            conn.execute(f"DROP TRIGGER {table}_no_delete")
        for table in chain.CHAINED_TABLES:
            conn.execute(
                f"DELETE FROM {table} WHERE rowid IN "
                "(SELECT row_rowid FROM ledger WHERE tbl = ? AND seq >= ?)",
                [table, second],
            )
        conn.execute("DELETE FROM ledger WHERE seq >= ?", [second])


def test_the_last_notes_deleted_with_their_ledger_entries_are_seen(make_window, data_dir, qtbot):
    window = shown(started(make_window), qtbot)
    for text in ("calm, eyes closed", "asked for water", "said she felt sick, then settled"):
        type_note(window, text)
    window.close()  # the head is kept as the window closes
    db = data_dir / "pap-guide.db"
    assert (data_dir / "pap-guide.db.chain").read_text().split()[0].isdigit()
    cut_from_second_note(db)
    with sqlite3.connect(db) as conn:
        assert chain.verify(conn) is None  # the chain alone cannot tell
        notes = [row[0] for row in conn.execute("SELECT data FROM entries WHERE kind = 'note'")]
    assert len(notes) == 1 and "calm" in notes[0]
    doctor = pap_guide(data_dir, "doctor")
    assert doctor.returncode == 1 and CUT in doctor.stdout, doctor.stdout
    again = make_window()
    assert CUT in child(again, "problemBanner").text()
    again.close()
    assert CUT in child(make_window(), "problemBanner").text()  # and at every start after


def test_a_killed_app_starts_again_without_a_false_alarm(data_dir, make_window):
    proc, session = start_app(data_dir, "--records")
    for _ in range(3):
        time.sleep(random.uniform(0.1, 2.5))  # before and after the tick that keeps the head
        kill(proc)
        proc, again = start_app(data_dir)
        assert again == session
    kill(proc)
    window = make_window(clock=SystemClock())
    assert "Warning" not in child(window, "problemBanner").text()
    doctor = pap_guide(data_dir, "doctor")
    assert CUT not in doctor.stdout and "record hash chain intact" in doctor.stdout


def test_rows_cut_off_while_the_app_runs_are_said_at_once_and_the_pin_stays(
    make_window, data_dir, qtbot
):
    window = shown(started(make_window), qtbot)
    for text in ("calm", "asked for water", "settled"):
        type_note(window, text)
    pin = data_dir / "pap-guide.db.chain"
    qtbot.wait(1500)  # the pin is kept a moment after the last save
    kept = pin.read_text()
    cut_from_second_note(data_dir / "pap-guide.db")  # another program, the app still open
    type_note(window, "pupils wide")  # a moment after the next save, it is found
    banner = child(window, "problemBanner")
    qtbot.waitUntil(lambda: CUT in banner.text(), timeout=5000)
    assert pin.read_text() == kept  # never moved back to the shorter chain
    window.close()
    assert pin.read_text() == kept


def test_two_databases_in_one_folder_keep_their_own_pins(make_window, data_dir, qtbot):
    """clinic.db and clinic.sqlite: one pin each, no alarm when both are used."""
    first, second = data_dir / "clinic.db", data_dir / "clinic.sqlite"
    window = shown(started(make_window, "--db", str(first)), qtbot)
    type_note(window, "calm")
    window.close()
    other = shown(started(make_window, "--db", str(second)), qtbot)
    for text in ("one", "two", "three"):
        type_note(other, text)
    other.close()
    assert "Warning" not in child(make_window("--db", str(first)), "problemBanner").text()
    assert {p.name for p in data_dir.glob("clinic.*.chain")} == {
        "clinic.db.chain",
        "clinic.sqlite.chain",
    }


EMPTIED = "the record holds nothing of what pap-guide last saved on this laptop"


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_record_deleted_or_emptied_is_said_at_every_start_until_accepted(
    how, make_window, data_dir
):
    """A new record where one was kept is not a first start: said at once, not at
    the next save, and in doctor, until the pin is removed on purpose."""
    proc, _session = start_app(data_dir, "--records")
    pin = data_dir / "pap-guide.db.chain"
    waited = time.monotonic()
    while not pin.exists() and time.monotonic() - waited < 20:
        time.sleep(0.1)  # kept a moment after the session's first commits
    kill(proc)
    assert pin.exists()
    db = data_dir / "pap-guide.db"
    for leftover in (db.with_name("pap-guide.db-wal"), db.with_name("pap-guide.db-shm")):
        leftover.unlink(missing_ok=True)
    if how == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"")
    again = make_window()
    banner = child(again, "problemBanner").text()
    assert EMPTIED in banner and "pap-guide.db.chain" in banner, banner
    assert not again.desk.is_open()
    again.close()
    doctor = pap_guide(data_dir, "doctor")
    assert doctor.returncode == 1 and EMPTIED in doctor.stdout, doctor.stdout
    assert EMPTIED in child(make_window(), "problemBanner").text()  # and at every start after
    pin.unlink()  # accepted: the records were moved away on purpose
    assert "Warning" not in child(make_window(), "problemBanner").text()
