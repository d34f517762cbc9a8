"""The network only where asked: pending pushes go at start, never while a session is open."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from PySide6.QtCore import QProcess

from pap_guide.store.database import open_database
from pap_guide.store.outbox import PENDING
from tests.helpers.scripted import scripted_session
from tests.helpers.ui import child


class Busy(BaseHTTPRequestHandler):
    """A server that is there but overloaded: every request gets 503."""

    hits: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        Busy.hits.append(self.path)
        self.send_response(503)
        self.send_header("Content-Type", "application/fhir+json")
        self.end_headers()
        self.wfile.write(b'{"resourceType": "OperationOutcome", "issue": []}')

    def log_message(self, *args: object) -> None:
        pass


def test_pending_pushes_go_at_start_and_never_during_a_session(make_window, data_dir, qtbot):
    Busy.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        session = scripted_session(data_dir)  # an ended session, waiting to be pushed
        url = f"http://127.0.0.1:{server.server_address[1]}/fhir"
        (data_dir / "fhir.toml").write_text(f'base_url = "{url}"\ntimeout_seconds = 5\n')
        (data_dir / "fhir.toml").chmod(0o600)
        db = open_database(data_dir / "pap-guide.db")
        with db.conn:  # a push that failed ten minutes ago: its wait is over
            db.table("fhir_outbox").insert(
                {
                    "session_id": session,
                    "utc": (datetime.now(UTC) - timedelta(minutes=10)).isoformat(),
                    "state": PENDING,
                    "server": url,
                    "detail": "offline",
                    "attempt": 1,
                }
            )

        window = make_window(clock=None)
        qtbot.waitUntil(lambda: len(Busy.hits) == 1, timeout=10000)  # tried once at start
        qtbot.waitUntil(
            lambda: window.pushes.outbox.state(session).attempt == 2, timeout=10000
        )  # and kept pending, its 503 noted
        assert "server had a problem (503)" in window.pushes.outbox.state(session).detail
        process = window.pushes.process  # sent by a process of its own, not the window's
        assert process is not None
        qtbot.waitUntil(lambda: process.state() == QProcess.ProcessState.NotRunning, timeout=10000)
        child(window, "startSessionButton").click()  # a session is open now
        assert window.desk.is_open()
        assert window.pushes.push_pending_later() == 0
        assert "no network during a session" in window.push_session(session)
        qtbot.wait(300)
        assert len(Busy.hits) == 1  # nothing more went out
        assert datetime.now(UTC) - window.pushes.outbox.state(session).utc < timedelta(minutes=1)
    finally:
        server.shutdown()
