"""Loading a session's report from the store and writing it in each format."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pap_guide.core.clinical import first_at_center
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.report import Report, build_report
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir_json
from pap_guide.export.files import write_private
from pap_guide.store.entries import EntryRepository
from pap_guide.store.plays import PlayRepository
from pap_guide.store.sessions import SessionRepository

FORMATS = {"pdf": ".pdf", "csv": ".csv", "fhir": ".fhir.json"}


def load_report(
    repository: SessionRepository, protocols: Mapping[str, SessionProtocol], session_id: int
) -> Report | None:
    record = repository.session(session_id)
    if record is None:
        return None
    db = repository.db
    return build_report(
        record,
        protocols.get(record.protocol_key),
        repository.events(session_id),
        EntryRepository(db).entries(session_id),
        PlayRepository(db).plays(session_id),
        first_at_center(record, repository),
    )


def render(report: Report, fmt: str, paper: str = "a4") -> bytes:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "fhir":
        return to_fhir_json(report)
    if fmt == "pdf":
        from pap_guide.export.pdf_export import to_pdf  # needs a Qt application

        return to_pdf(report, paper)
    raise ValueError(f"unknown format {fmt!r}")


def export(report: Report, fmt: str, out: Path, paper: str = "a4") -> Path:
    """Write one format to ``out`` (mode 0600)."""
    return write_private(out, render(report, fmt, paper))


def default_name(report: Report, fmt: str) -> str:
    record = report.record
    return (
        f"pap-guide-{record.patient or 'session'}-{record.id}-{record.created:%Y%m%d}{FORMATS[fmt]}"
    )
