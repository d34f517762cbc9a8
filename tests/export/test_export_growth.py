"""Exports grow with the session, no faster: four times the entries cost at most
about six times the time, measured against each other in the same test (never
against a clock), and a long report is still complete."""

from __future__ import annotations

import time
import uuid

import pytest

from pap_guide.core import entries as kinds
from pap_guide.export import fhir_codes
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir, to_fhir_json
from pap_guide.export.json_template import Template, hole, member, members, string
from pap_guide.export.pdf_export import report_document, text_page, to_pdf
from tests.export.long_session import stretched_report
from tests.export.test_pdf import pdf_text


def cost(work, runs=3):
    """The least CPU time of a few runs: what the work needs, not what the machine
    lent it."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


@pytest.mark.parametrize("export", [to_csv, to_fhir_json], ids=["csv", "fhir"])
def test_four_times_the_entries_cost_at_most_six_times_the_time(report, export):
    small, large = stretched_report(report, 1000), stretched_report(report, 4000)
    assert len(large.entries) > 3.9 * len(small.entries)
    # the least of five: three let a loaded machine's worst run stand (6.2x once)
    assert cost(lambda: export(large), 5) <= 6 * cost(lambda: export(small), 5)


def test_the_pdf_grows_with_the_log(qapp, report):
    small, large = stretched_report(report, 150), stretched_report(report, 600)
    assert cost(lambda: to_pdf(large), 1) <= 6 * cost(lambda: to_pdf(small), 1)


def test_a_long_pdf_shows_every_entry_and_the_chain_head(qapp, report, tmp_path):
    long = stretched_report(report, 400)
    text = pdf_text(tmp_path, to_pdf(long))
    adverse = [line for line in long.lines if line.original.kind == kinds.ADVERSE]
    # at least: Qt also writes, clipped out of sight, the first line of a row that
    # runs onto the next page above that page's repeated header
    assert text.count("ADVERSE EVENT (mild): Vomited once") >= len(adverse) > 10
    corrected = [line for line in long.lines if len(line.history) > 1 and not line.struck]
    struck = [line for line in long.lines if line.struck and line.original.kind != kinds.VITALS]
    assert corrected and struck
    assert text.count("corrected") >= len(corrected)
    assert text.count("struck out by") >= len(struck)
    pages = text.split("\f")[:-1]
    assert len(pages) > 5
    assert all(f"record sha256:{long.chain_head[:16]}" in page for page in pages)


def test_a_long_log_keeps_its_header_on_every_page(qapp, report, tmp_path):
    long = stretched_report(report, 400)
    pages = [page for page in pdf_text(tmp_path, to_pdf(long)).split("\f") if "Ana Reyes" in page]
    log_pages = [page for page in pages if "Adverse event" in page]
    assert len(log_pages) >= 3
    for page in log_pages:
        assert page.index("Entry") < page.index("Adverse event")


def test_headings_are_placed_in_one_pass(qapp, report, monkeypatch):
    """Each heading is measured once and moves at most once, however long the log."""
    from pap_guide.export import pdf_export

    measured = []
    stranded = pdf_export._stranded
    monkeypatch.setattr(
        pdf_export,
        "_stranded",
        lambda document, block, height: (
            measured.append(block.text()) or stranded(document, block, height)
        ),
    )
    document = report_document(stretched_report(report, 300), text_page("a4"))
    headings = [
        block.text()
        for block in (document.findBlockByNumber(n) for n in range(document.blockCount()))
        if block.blockFormat().headingLevel() > 0
    ]
    assert len(measured) == len(set(measured)) <= len(headings)


def test_ids_are_the_uuid5_they_always_were():
    for parts in [("entry", 12, "bp"), ("bundle", 3), ("patient", "P-0142")]:
        name = "pap-guide:" + ":".join(map(str, parts))
        assert fhir_codes.fhir_id(*parts) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def test_a_template_fills_as_json_dumps_would_write():
    import json

    template = Template({"a": hole("x"), "b": [{"c": hole("y")}], members("more"): None})
    text = template.fill(x=string('say "hi" 100%'), y="3", more=member("note", ["é"]))
    assert json.loads(text) == {"a": 'say "hi" 100%', "b": [{"c": 3}], "note": ["é"]}
    assert json.loads(template.fill(x='""', y="null", more="")) == {"a": "", "b": [{"c": None}]}


def test_the_bundle_reads_back_whole(report):
    bundle = to_fhir(stretched_report(report, 200))
    lines = to_fhir_json(stretched_report(report, 200)).decode().splitlines()
    assert len(lines) == len(bundle["entry"]) + 2  # one entry a line, between head and tail
