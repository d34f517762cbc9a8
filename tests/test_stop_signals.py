"""SIGTERM and SIGHUP (a logout, a shutdown, the terminal closed) close the real app
as its close box does, without asking: it ended on the spot, the newest entries
left in the ``-wal`` file (a copy of the ``.db`` alone held none of them)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.helpers.ui import child, started
from tests.test_crash_resume import kill, start_app


def _resumed(database) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        found = conn.execute("SELECT count(*) FROM events WHERE kind = 'resumed'")
        return int(found.fetchone()[0])
    except sqlite3.OperationalError:  # not made yet
        return 0
    finally:
        conn.close()  # open, it would keep the app's close from folding the -wal file in


TERM, HUP = signal.SIGTERM, signal.SIGHUP


@pytest.mark.slow
@pytest.mark.parametrize("stops", [(TERM,), (HUP,), (TERM, HUP), (HUP, TERM), (TERM, TERM)])
def test_a_stop_signal_closes_the_app_and_leaves_the_records_whole_in_the_db(
    data_dir, tmp_path, stops
):
    """Two close together (a logout, and the terminal it was started from closing):
    the second ended the process before the records were closed (exit 129 or 143,
    the -wal file left), or ran its handler as the window went (a crash)."""
    proc, session = start_app(data_dir)  # a session under way, then a crash
    kill(proc)
    database = data_dir / "pap-guide.db"
    app = subprocess.Popen(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data_dir), "--audio-output",
         "dummy"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not _resumed(database) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _resumed(database) == 1, "the app did not resume the session"
    time.sleep(1.0)  # the music started, the records checked
    for stop in stops:
        app.send_signal(stop)
        time.sleep(0.01)
    _, err = app.communicate(timeout=20)
    assert app.returncode == 0, (app.returncode, err)
    assert not (data_dir / "pap-guide.db-wal").exists() or (
        (data_dir / "pap-guide.db-wal").stat().st_size == 0
    )
    alone = tmp_path / "copy.db"  # the .db copied on its own, as a careless backup does
    shutil.copyfile(database, alone)
    with sqlite3.connect(alone) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM events WHERE session_id = ?",
                                            (session,))]  # fmt: skip
    assert kinds.count("resumed") == 1 and "ended" not in kinds  # still open
    log = (data_dir / "pap-guide.log").read_text()
    assert f"closed on {stops[0].name}" in log


def test_closing_unasked_asks_nothing_and_stops_the_music(make_window, fake_clock):
    window = started(make_window)
    window.show()
    fake_clock.advance(20 * 60)
    window.refresh()
    child(window, "noteEdit").setText("typed, not saved")
    asked = len(window.asker.questions)
    window.close_unasked("SIGTERM")
    assert len(window.asker.questions) == asked and not window.isVisible()
    assert window.music.player.amplitudes() == {}  # every track released
    assert window.desk.is_open()  # the session stays open, to resume


def test_a_signal_during_the_start_closes_the_window_once_there_is_one(qapp):
    """The passphrase or encryption question open: it closes, and the start stops;
    a signal while the window is being built closes it as soon as it is shown."""
    from PySide6.QtCore import QCoreApplication

    from pap_guide.app.stop_signals import StopSignals

    stops = StopSignals(qapp)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(20):
            QCoreApplication.processEvents()
        assert stops.pending == "SIGHUP"
        closed: list[str] = []
        stops.close_with(closed.append)
        for _ in range(20):
            QCoreApplication.processEvents()
        assert closed == ["SIGHUP"]
        stops.done()
        os.kill(os.getpid(), signal.SIGHUP)  # ignored now: the records are being closed
        for _ in range(20):
            QCoreApplication.processEvents()
        assert closed == ["SIGHUP"]
    finally:
        stops.restore()
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL


def test_of_two_signals_that_came_together_the_first_is_the_one_said(qapp):
    """Python runs the handlers of signals pending together by number, SIGHUP's
    before SIGTERM's: a SIGTERM and then a SIGHUP that came while the GUI thread was
    in C++ (painting, a long query) were logged as "closed on SIGHUP"."""
    import hashlib
    import threading

    from pap_guide.app.stop_signals import StopSignals

    stops = StopSignals(qapp)
    try:

        def send() -> None:
            time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)
            os.kill(os.getpid(), signal.SIGHUP)

        sender = threading.Thread(target=send)
        sender.start()
        # C code for half a second or more, the GIL let go: both signals come meanwhile,
        # and their Python handlers run only once it returns
        hashlib.sha256(bytes(400_000_000)).digest()
        sender.join()
        for _ in range(3):  # the handlers run at the next bytecodes
            time.sleep(0.01)
        assert stops.pending == "SIGTERM"
    finally:
        stops.done()
        stops.restore()
