"""Report export time of a long session, against bare csv.writer and json.dumps.

A real database gets a scripted MDMA session of N log entries, saved one by
one through the log book and the store as the app saves them (notes,
observations, vitals every tenth entry, ratings, adverse events, corrections,
strike-outs, two doses). Then, interleaved run by run:

- the CSV export of the loaded report against ``csv.writer`` of the same
  entries' plain rows as SQLite returns them;
- the FHIR export against ``json.dumps`` of those rows (with the options the
  export writes with);
- the same two end to end: loading the report (which verifies the record's
  hash chain) and writing it, against a bare ``SELECT`` and the dump;
- the PDF, in seconds, at N and at N/10 entries, to show how it grows.

    python bench/export_speed.py [--entries 10000] [--runs 5] [--pdf-runs 2] [--dir PATH]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import ratio, summary

from pap_guide.config.locations import Locations, load_protocols
from pap_guide.core.report import Report
from pap_guide.export import fhir_export
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir_json
from pap_guide.store.database import open_database
from pap_guide.store.records import RecordLoader
from tests.export.long_session import long_session


class Session:
    """One scripted session in its own database, and ways to read it back."""

    def __init__(self, folder: Path, entries: int) -> None:
        started = time.perf_counter()
        self.id = long_session(folder, entries)
        self.built = time.perf_counter() - started
        locations = Locations(folder)
        self.db = open_database(locations.database)
        self.loader = RecordLoader(self.db, load_protocols(locations).protocols)

    def report(self) -> Report:
        report = self.loader.report(self.id)
        assert report is not None
        return report

    def rows(self) -> list[dict[str, Any]]:
        """The session's entries as plain dict rows, straight from SQLite."""
        cursor = self.db.conn.execute(
            "SELECT * FROM entries WHERE session_id = ? ORDER BY id", [self.id]
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def bare_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow(row.values())
    return buffer.getvalue().encode("utf-8-sig")


def bare_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, **fhir_export.DUMP_OPTIONS).encode("utf-8")


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def interleaved(pairs: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each piece of work once per run, in turn, so a busy moment hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(runs):
        for name, work in pairs.items():
            times[name].append(timed(work))
    return times


def flat_exports(session: Session, runs: int) -> None:
    report, rows = session.report(), session.rows()
    times = interleaved(
        {
            "csv": lambda: to_csv(report),
            "csv.writer": lambda: bare_csv(rows),
            "fhir": lambda: to_fhir_json(report),
            "json.dumps": lambda: bare_json(rows),
            "load + csv": lambda: to_csv(session.report()),
            "SELECT + csv.writer": lambda: bare_csv(session.rows()),
            "load + fhir": lambda: to_fhir_json(session.report()),
            "SELECT + json.dumps": lambda: bare_json(session.rows()),
            "load": session.report,
        },
        runs,
    )
    for name, values in times.items():
        print(f"  {name:<22} {summary(values)}")
    for ours, bare in (
        ("csv", "csv.writer"),
        ("fhir", "json.dumps"),
        ("load + csv", "SELECT + csv.writer"),
        ("load + fhir", "SELECT + json.dumps"),
    ):
        print(f"  ratio {ours} / {bare}: {ratio(times[ours], times[bare]):.2f}x")


def pdf_seconds(session: Session, runs: int) -> list[float]:
    from pap_guide.export.pdf_export import to_pdf

    report = session.report()
    return [timed(lambda: to_pdf(report)) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=2)
    parser.add_argument("--dir", type=Path, help="folder for the databases (default: memory)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    shm = Path("/dev/shm")
    where = args.dir or (shm if shm.is_dir() else None)  # the export is measured, not the disk
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        small = Session(Path(tmp) / "small", max(args.entries // 10, 1))
        large = Session(Path(tmp) / "large", args.entries)
        print(f"{args.entries} entries built in {large.built:.1f} s, {len(large.rows())} rows")
        flat_exports(large, args.runs)
        print("PDF:")
        small_pdf = pdf_seconds(small, args.pdf_runs)
        large_pdf = pdf_seconds(large, args.pdf_runs)
        print(f"  {args.entries // 10} entries: {summary(small_pdf)}")
        print(f"  {args.entries} entries: {summary(large_pdf)}")
        growth = statistics.median(large_pdf) / statistics.median(small_pdf)
        print(f"  {args.entries} entries: {statistics.median(large_pdf):.2f} s")
        print(f"  growth x10 entries: {growth:.1f}x time")


if __name__ == "__main__":
    main()
