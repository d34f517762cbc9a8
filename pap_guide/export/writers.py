"""Writing a session's report in each format (the store loads it: store/records.py)."""

from __future__ import annotations

from pathlib import Path

from pap_guide.core.private_files import write_private
from pap_guide.core.report import Report
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir_json
from pap_guide.export.m3u8_export import to_m3u8


def render(report: Report, fmt: str, paper: str = "a4") -> bytes:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "fhir":
        return to_fhir_json(report)
    if fmt == "m3u8":  # the music that played, for the integration session
        return to_m3u8(report)
    if fmt == "pdf":
        from pap_guide.export.pdf_export import to_pdf  # needs a Qt application

        return to_pdf(report, paper)
    raise ValueError(f"unknown format {fmt!r}")


def export(report: Report, fmt: str, out: Path, paper: str = "a4") -> Path:
    """Write one format to ``out`` (mode 0600)."""
    return write_private(out, render(report, fmt, paper))
