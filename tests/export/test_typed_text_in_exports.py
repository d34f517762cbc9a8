"""What was typed reads in every export as it was typed, and no further: a
right-to-left override in a reason reversed everything after it in the PDF (the
value before, the next person's correction); a note's line breaks were folded
into spaces; a corrected 38.04 °C showed as 38.0, under a limit of 38; the CSV
gave a corrected reading the correction's time and phase with no way back."""

from __future__ import annotations

import csv
import io

import pytest

from pap_guide.config.locations import Locations
from pap_guide.config.locations import load_protocols as _catalog
from pap_guide.core import entries as kinds
from pap_guide.core.logbook import LogBook
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir
from pap_guide.export.pdf_export import to_pdf
from pap_guide.store.database import open_database
from pap_guide.store.records import RecordLoader
from tests.export.test_pdf_tables import pdf_text
from tests.helpers.scripted import scripted_session

RLO = "\u202e"


def _typed(book: LogBook) -> None:
    reading = book.vitals({"systolic": "120", "diastolic": "80"}, False, "Ana Reyes")
    first = book.correct(
        reading, {"systolic": "210", "diastolic": "80"}, RLO + "recounted", "Jon Okafor"
    )
    book.correct(first, {"systolic": "130", "diastolic": "80"}, "cuff moved", "Mara Lind")
    book.note("line one\nline two\n\nline four", "Ana Reyes")
    hot = book.vitals({"temperature_c": "38.04"}, False, "Ana Reyes")
    book.correct(hot, {"temperature_c": "37.96"}, "misread thermometer", "Jon Okafor")
    baseline = next(
        line.current
        for line in book.lines()
        if line.original.kind == kinds.VITALS and line.original.session_seconds is None
    )
    book.correct(
        baseline,
        {"systolic": "128", "diastolic": "80", "heart_rate": "70"},
        "copied from the paper chart",
        "Jon Okafor",
    )


@pytest.fixture(scope="module")
def typed_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typed")
    session_id = scripted_session(folder, more=_typed)
    locations = Locations(folder)
    return RecordLoader(open_database(locations.database), _catalog(locations).protocols).report(
        session_id
    )


def test_an_override_in_a_reason_ends_with_the_reason_in_the_pdf(qapp, typed_report, tmp_path):
    text = pdf_text(tmp_path, to_pdf(typed_report))
    # pdftotext gives the page's visual order: reversed, it read "devom ffuc"
    assert "corrected by Mara Lind" in text
    assert "moved; was BP 210/80" in text  # "cuff": pdftotext gives the ff ligature
    assert "devom" not in text and "dniL araM" not in text
    assert "detnuocer; was BP 120/80" in text  # the reason itself as typed, reversed


def test_an_override_in_a_reason_ends_with_it_in_the_fhir_note(typed_report):
    bundle = to_fhir(typed_report)
    notes = [
        note["text"]
        for entry in bundle["entry"]
        for note in entry["resource"].get("note", [])
        if "recounted" in note["text"]
    ]
    assert notes == [f"Corrected: {RLO}recounted\u202c. Was 120/80 mmHg; now 210/80 mmHg."]


def test_the_csv_keeps_the_reason_exactly_as_typed(typed_report):
    rows = csv.DictReader(io.StringIO(to_csv(typed_report).decode("utf-8-sig"), newline=""))
    assert RLO + "recounted" in [row["amend_reason"] for row in rows]


def test_a_notes_line_breaks_stay_in_the_pdf(qapp, typed_report, tmp_path):
    lines = [line.strip() for line in pdf_text(tmp_path, to_pdf(typed_report)).splitlines()]
    assert not any("line one line two" in line for line in lines)
    assert any(line.endswith("line one") for line in lines)
    assert any(line.startswith("line two") for line in lines)


def test_a_corrected_temperature_shows_its_value_as_recorded(qapp, typed_report, tmp_path):
    text = pdf_text(tmp_path, to_pdf(typed_report))
    assert "was T 38.04 °C" in text  # 38.0 read as under the limit of 38


def test_every_csv_row_names_its_entrys_original_time_phase_and_author(typed_report):
    text = to_csv(typed_report).decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["utc"][0] != "#"]
    by_id = {row["entry_id"]: row for row in rows if row["entry_id"]}
    corrected = [row for row in rows if row["text"] == "" and row["systolic"] == "128"]
    (current,) = corrected
    assert current["status"] == "current"
    assert current["author"] == "Jon Okafor" and current["phase"]  # the correction's
    original = by_id[current["original_id"]]
    assert original["systolic"] == "124" and original["amends"] == ""
    assert current["original_utc"] == original["utc"]
    assert current["original_session_seconds"] == "" == original["session_seconds"]  # pre-dose
    assert current["original_phase"] == original["phase"]
    assert current["original_author"] == "Ana Reyes"
    for row in rows:  # an entry never corrected is its own original
        if row["entry_id"] and row["amends"] == "" and row["kind"] != "dose":
            assert row["original_id"] == row["entry_id"]
            assert row["original_utc"] == row["utc"]
    doses = [row for row in rows if row["kind"] == "dose"]
    assert doses and all(row["original_id"] == "" for row in doses)
