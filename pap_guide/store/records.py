"""One session's whole record, loaded for every view and export.

The Sessions dialog, ``pap-guide sessions`` and every export read the same
core :class:`~pap_guide.core.report.Report`, built here from the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pap_guide.core.dose_rules import first_at_center
from pap_guide.core.entries import INTENTION, Entry
from pap_guide.core.program import intentions_in
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.report import Report, build_report, pre_dose_moves, status_text
from pap_guide.core.session import Event, SessionRecord
from pap_guide.store import chain
from pap_guide.store.connection import Records
from pap_guide.store.entries import EntryRepository
from pap_guide.store.plays import PlayRepository
from pap_guide.store.sessions import SessionRepository


class RecordLoader:
    """Reads whole session records; nothing here writes."""

    def __init__(self, db: Records, protocols: Mapping[str, SessionProtocol]) -> None:
        self.db = db
        self.sessions = SessionRepository(db)
        self.entries = EntryRepository(db)
        self.plays = PlayRepository(db)
        self.protocols = protocols

    def report(self, session_id: int) -> Report | None:
        record = self.sessions.session(session_id)
        if record is None:
            return None
        events, entries = self.sessions.events(session_id), self.entries.entries(session_id)
        report = build_report(
            record,
            self.protocols.get(record.protocol_key),
            events,
            entries,
            self.plays.plays(session_id),
            first_at_center(record, self.sessions),
            self.plays.ends(session_id),
            self._entry_shifts(events, entries),
        )
        broken = chain.verify(self.db.conn)  # before every export: what it pins is whole
        return replace(
            report,
            chain_head=chain.head(self.db.conn),
            chain_problem=broken.text() if broken else "",
        )

    def _entry_shifts(self, events: list[Event], entries: list[Entry]) -> dict[int, float]:
        """For each entry saved before the dose, the seconds the laptop's clock moved
        after it and before the dose (Report.entry_shifts): entries and events are
        numbered apart, and the ledger holds the order they were written in."""
        moves = pre_dose_moves(events)
        early = [e.id for e in entries if e.session_seconds is None and e.id is not None]
        if not moves or not early:
            return {}
        order = self._ledger_order("entries", early)
        moved = self._ledger_order("events", [event for event, _ in moves])
        return {
            entry: shift
            for entry in early
            if entry in order
            and (shift := sum(s for event, s in moves if moved.get(event, -1) > order[entry]))
        }

    def _ledger_order(self, table: str, ids: list[int]) -> dict[int, int]:
        marks = ", ".join("?" * len(ids))
        rows = self.db.conn.execute(
            f"SELECT row_rowid, seq FROM ledger WHERE tbl = ? AND row_rowid IN ({marks})",
            [table, *ids],
        )
        return {int(rowid): int(seq) for rowid, seq in rows}

    def reports(self) -> list[Report]:
        """Every session's record, newest first."""
        found = (self.report(record.id) for record in reversed(self.sessions.sessions()))
        return [report for report in found if report is not None]

    def patient_reports(self, patient: str) -> list[Report]:
        """The records of one patient's program, oldest first."""
        found = (self.report(r.id) for r in self.sessions.patient_sessions(patient))
        return [report for report in found if report is not None]

    def intentions(self, patient: str) -> list[str]:
        """The intentions set in the patient's preparation sessions, in order; read from
        those sessions' intention entries only (a whole record each was seconds at 10,000)."""
        return [
            text
            for record in self.sessions.patient_sessions(patient)
            if record.session_type == "preparation"
            for text in intentions_in(self.entries.entries(record.id, kind=INTENTION))
        ]

    def statuses(self) -> list[tuple[SessionRecord, str]]:
        """Every session with 'open' or 'ended' (and rehearsal), newest first."""
        ended = self.sessions.ended_ids()
        return [
            (record, status_text(record, record.id in ended))
            for record in reversed(self.sessions.sessions())
        ]
