"""The window's side of pushing to the clinic's FHIR server.

Never while a session is open: the app opens no socket then. At start,
pushes left pending are sent by ``pap-guide push --pending`` in a process of
its own, which writes their outcome to the same database.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment

from pap_guide.config.arguments import PASSPHRASE_ENV
from pap_guide.config.fhir_settings import FhirSettings, FhirSettingsError, load_fhir_settings
from pap_guide.store.outbox import Outbox, installation_id
from pap_guide.store.records import RecordLoader

log = logging.getLogger(__name__)


class FhirPushes(QObject):
    """Push on request (Sessions…) and the pending ones once at start."""

    def __init__(
        self,
        records: RecordLoader,
        data_dir: Path,
        session_open: Callable[[], bool],
        problems: list[str],
        database: Path,
        passphrase: str | None = None,
    ) -> None:
        super().__init__()
        self.records, self.session_open = records, session_open
        self.outbox = Outbox(records.db)
        self.settings: FhirSettings | None = None
        try:
            self.settings = load_fhir_settings(data_dir)
        except FhirSettingsError as exc:
            problems.append(f"FHIR push is off: {exc}")
        self.data_dir, self.database, self.passphrase = data_dir, database, passphrase
        self.process: QProcess | None = None

    def configured(self) -> bool:
        return self.settings is not None

    def state_text(self, session_id: int) -> str:
        state = self.outbox.state(session_id)
        return state.describe() if state else "not pushed"

    def push_now(self, session_id: int) -> str:
        """Sessions… → Push: send now (the answer, or why not)."""
        if self.settings is None:
            return "No FHIR server is set up (fhir.toml in the data folder; see docs/fhir.md)."
        if self.session_open():
            return "Push after the open session has ended: no network during a session."
        report = self.records.report(session_id)
        if report is None or not report.ended:
            return "Only an ended session can be pushed."
        from pap_guide.cli.push import REHEARSAL_NOT_PUSHED, push  # fhirpy, requests, PyJWT

        if report.record.rehearsal:
            return f"Session {session_id} {REHEARSAL_NOT_PUSHED}."

        state = push(report, installation_id(self.records.db), self.settings, self.outbox)
        return f"Session {session_id}: {state.describe()}"

    def push_pending_later(self) -> int:
        """At start: when a pending push's wait is over, send what waits in a process of
        its own (``pap-guide push --pending``), so the window never waits on the network
        and no network code runs in its process; returns how many were waiting."""
        if self.settings is None or self.session_open() or self.process is not None:
            return 0
        due = self.outbox.due()
        if not due:
            return 0
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        if self.passphrase:  # the child opens the same encrypted records
            environment.insert(PASSPHRASE_ENV, self.passphrase)
        process.setProcessEnvironment(environment)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.finished.connect(lambda *_: log.info("FHIR push at start: %s", self._said()))
        self.process = process
        process.start(
            sys.executable,
            [
                "-m",
                "pap_guide",
                "--data-dir",
                str(self.data_dir),
                "--db",
                str(self.database),
                "push",
                "--pending",
            ],
        )
        return len(due)

    def _said(self) -> str:
        assert self.process is not None
        return bytes(self.process.readAll().data()).decode(errors="replace").strip()
