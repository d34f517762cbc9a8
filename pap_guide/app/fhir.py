"""The window's side of pushing to the clinic's FHIR server.

Never while a session is open: the app opens no socket then. At start,
pushes left pending are tried once in the background (a worker thread does
the network; the database is written on the GUI thread, which owns it).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from pap_guide.cli.push import Outcome, send
from pap_guide.config.fhir_settings import FhirSettings, FhirSettingsError, load_fhir_settings
from pap_guide.export.fhir_transaction import to_transaction
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
    ) -> None:
        super().__init__()
        self.records, self.session_open = records, session_open
        self.outbox = Outbox(records.db)
        self.settings: FhirSettings | None = None
        try:
            self.settings = load_fhir_settings(data_dir)
        except FhirSettingsError as exc:
            problems.append(f"FHIR push is off: {exc}")
        self._done: queue.SimpleQueue[tuple[int, Outcome]] = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._drain)

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
        outcome = send(self.settings, to_transaction(report, installation_id(self.records.db)))
        state = self.outbox.record(
            session_id, outcome.state, self.settings.base_url, outcome.detail
        )
        return f"Session {session_id}: {state.describe()}"

    def push_pending_later(self) -> int:
        """At start: send what waits (its wait over) on a worker thread; returns how many."""
        if self.settings is None or self.session_open():
            return 0
        due = self.outbox.due()
        installation = installation_id(self.records.db)
        bundles = []
        for state in due:
            report = self.records.report(state.session_id)
            if report is not None and report.ended:
                bundles.append((state.session_id, to_transaction(report, installation)))
        if not bundles:
            return 0
        settings = self.settings

        def work() -> None:
            for session_id, bundle in bundles:
                self._done.put((session_id, send(settings, bundle)))

        threading.Thread(target=work, name="fhir-push", daemon=True).start()
        self._timer.start()
        return len(bundles)

    def _drain(self) -> None:
        assert self.settings is not None
        while True:
            try:
                session_id, outcome = self._done.get_nowait()
            except queue.Empty:
                return
            state = self.outbox.record(
                session_id, outcome.state, self.settings.base_url, outcome.detail
            )
            log.info("FHIR push of session %s: %s", session_id, state.describe())
