"""The PDF's tables: headings kept with a header and a first row, headers repeated
on every page a table runs onto, padded cells, bold only where a limit broke, and
every checklist item with its state."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QFont, QTextCursor, QTextTable

from pap_guide.config.locations import Locations
from pap_guide.config.locations import load_protocols as _catalog
from pap_guide.core import entries as kinds
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.clock import FakeClock
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.export import pdf_export
from pap_guide.export.pdf_export import report_document, text_page, to_pdf
from pap_guide.export.report_html import report_html
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.records import RecordLoader
from pap_guide.store.sessions import SessionRepository
from tests.export.test_rems_form import session as rems_session

EXTRAS = range(0, 48)


def stretched(report, extra):
    """The report with ``extra`` more vitals rows, to push later headings down the page."""
    reading = next(line for line in report.lines if line.original.kind == kinds.VITALS)
    return dataclasses.replace(report, lines=report.lines + (reading,) * extra)


def pdf_text(tmp_path, data, layout=True):
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed (Debian: poppler-utils; tools/test.sh installs it)")
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    options = ["-layout"] if layout else []
    return subprocess.run(
        [tool, *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def tables(document):
    return [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]


def cell_blocks(cell):
    block = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block()
    while True:
        yield block
        if block == last:
            return
        block = block.next()


def page_of(document, block):
    top = document.documentLayout().blockBoundingRect(block).top()
    return int(top // document.pageSize().height())


def pages_of(document, block):
    """The pages of a block's first and last lines."""
    top = document.documentLayout().blockBoundingRect(block).top()
    lines = block.layout().lineCount()
    last = block.layout().lineAt(lines - 1).y() if lines else 0.0
    return {page_of(document, block), int((top + last) // document.pageSize().height())}


def split_tables(document):
    """(heading, pages) for each heading followed by a table whose heading, header row
    and first data row do not all start and end on one page."""
    found = []
    for table in tables(document):
        first = table.cellAt(0, 0).firstCursorPosition().block()
        heading = first.previous()
        while heading.isValid() and not heading.text().strip():
            heading = heading.previous()
        if not heading.isValid() or heading.blockFormat().headingLevel() == 0:
            continue
        rows = range(min(2, table.rows()))
        pages = {page_of(document, heading)}.union(
            *(
                pages_of(document, block)
                for row in rows
                for column in range(table.columns())
                for block in cell_blocks(table.cellAt(row, column))
            )
        )
        if len(pages) > 1:
            found.append((heading.text(), sorted(pages)))
    return found


def test_tables_whose_first_row_is_a_header_repeat_it(qapp, report):
    document = report_document(report, text_page("a4"))
    counts = [table.format().headerRowCount() for table in tables(document)]
    assert counts[0] == 0  # the report's head: a label in each row, no header row
    assert counts[1:] and set(counts[1:]) == {1}


def old_kept_with(block):
    """The rule before: a heading kept only with the first cell after it."""
    block = block.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    return [block] if block.isValid() else []


def without_header_rows(report, chart=True):
    return report_html(report, chart).replace("<thead>", "").replace("</thead>", "")


def test_the_sweep_strands_a_first_row_under_the_old_rule(qapp, report, monkeypatch):
    """Without header rows, keeping a heading with only the header's first cell leaves
    a first data row on the next page somewhere in the sweep (so the test below can
    fail); with no rule at all, headings are stranded too."""
    monkeypatch.setattr(pdf_export, "report_html", without_header_rows)
    with monkeypatch.context() as patch:
        patch.setattr(pdf_export, "_kept_with", old_kept_with)
        old = {
            text
            for extra in EXTRAS
            for text, _ in split_tables(report_document(stretched(report, extra), text_page("a4")))
        }
    assert old, "the sweep never puts a table's first row on the next page"
    monkeypatch.setattr(pdf_export, "keep_headings_with_next", lambda document: None)
    none = {
        text
        for extra in EXTRAS
        for text, _ in split_tables(report_document(stretched(report, extra), text_page("a4")))
    }
    assert len(none) >= 2, none


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_heading_header_and_first_row_share_a_page(qapp, report, paper):
    for extra in EXTRAS:
        document = report_document(stretched(report, extra), text_page(paper))
        assert split_tables(document) == [], extra


def test_a_table_over_two_pages_shows_its_header_on_both(qapp, report, tmp_path):
    text = pdf_text(tmp_path, to_pdf(stretched(report, 90)))
    pages = [page for page in text.split("\f") if "124/80" in page]
    assert len(pages) >= 2
    for page in pages:
        head = page.index("BP mmHg")
        assert head < page.index("124/80")
        assert re.search(r"Time\s+Phase\s+By\s+BP mmHg", page[: head + 20])


def test_vitals_headers_are_apart(qapp, report, tmp_path):
    """Each header's text ends at least a few points before the next one starts."""
    document = report_document(report, text_page("a4"))
    table = vitals_table(document)
    layout = document.documentLayout()
    edges = []
    for column in range(table.columns()):
        block = table.cellAt(0, column).firstCursorPosition().block()
        left = layout.blockBoundingRect(block).left()
        edges.append((left, left + block.layout().lineAt(0).naturalTextWidth()))
    for (_, end), (start, _) in itertools.pairwise(edges):
        assert start - end >= 6, edges
    text = pdf_text(tmp_path, to_pdf(report))
    assert re.search(r"Time +Phase +By +BP mmHg +HR /min +SpO2 % +RR /min +Temp °C", text)


def vitals_table(document):
    return next(
        table
        for table in tables(document)
        if table.columns() > 3 and text_at(table, 0, 3) == "BP mmHg"
    )


def text_at(table, row, column):
    return table.cellAt(row, column).firstCursorPosition().block().text()


def bold_in(table, row, column):
    """A cell's text split into runs of bold and of regular characters."""
    block = table.cellAt(row, column).firstCursorPosition().block()
    cursor = QTextCursor(block)
    runs: list[tuple[bool, str]] = []
    for offset, char in enumerate(block.text()):
        cursor.setPosition(block.position() + offset + 1)
        heavy = cursor.charFormat().fontWeight() >= QFont.Weight.Bold
        if runs and runs[-1][0] == heavy:
            runs[-1] = (heavy, runs[-1][1] + char)
        else:
            runs.append((heavy, char))
    bold = [text for heavy, text in runs if heavy and text.strip()]
    plain = [text for heavy, text in runs if not heavy and text.strip()]
    return bold, plain


def test_only_the_values_over_a_limit_are_bold(qapp, report):
    """168/96, HR 104, 38 °C against systolic > 160, HR > 100, temperature > 38."""
    document = report_document(report, text_page("a4"))
    table = vitals_table(document)
    row = next(
        r
        for r in range(table.rows())
        if table.cellAt(r, 3).firstCursorPosition().block().text() == "168/96"
    )
    assert bold_in(table, row, 3) == (["168"], ["/96"])
    assert bold_in(table, row, 4) == (["104"], [])
    assert bold_in(table, row, 7) == ([], ["38"])
    for other in range(1, table.rows()):
        if other != row and table.cellAt(other, 0).columnSpan() == 1:  # not a flags row
            for column in range(3, 8):
                assert bold_in(table, other, column)[0] == [], (other, column)


def half_ticked_session(folder):
    """An MDMA session whose first two checklist items were left open, the dose given
    anyway with a reason."""
    clock = FakeClock()
    locations = Locations(folder)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    db = open_database(locations.database)
    controller = SessionController(
        clock, SessionRepository(db), catalog.protocols, Recorder(ActionRepository(db))
    )
    desk = SessionDesk(controller)
    people = {"Mara Lind": "guide", "Jon Okafor": "co-guide", "Ana Reyes": "monitor"}
    desk.start("mdma", "P-0200", "dosing", people)
    book = LogBook(
        clock,
        EntryRepository(db),
        lambda: Context(controller.session.id, controller.protocol, controller.state(), None),
        controller.recorder,
    )
    items = desk.protocol.setup.checklist
    for item in items[2:]:
        desk.tick(item, "Ana Reyes")
    book.vitals({"systolic": "124", "diastolic": "80"}, False, "Ana Reyes")
    desk.dose(120, "Mara Lind", lot="MD-56", reason="consent form signed on paper, filed")
    session_id = controller.session.id
    db.close()
    db = open_database(locations.database)
    return items, RecordLoader(db, _catalog(locations).protocols).report(session_id)


def test_every_checklist_item_is_listed_with_its_state(qapp, tmp_path):
    items, report = half_ticked_session(tmp_path / "data")
    assert len(items) >= 3
    document = report_document(report, text_page("a4"))
    table = next(t for t in tables(document) if text_at(t, 0, 1) == "Ticked by")
    rows = {
        text_at(table, row, 0): (
            table.cellAt(row, 1).firstCursorPosition().block().text(),
            text_at(table, row, 2),
        )
        for row in range(1, table.rows())
    }
    assert list(rows) == list(items)
    for item in items[2:]:
        by, when = rows[item]
        assert by == "Ana Reyes" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    for item in items[:2]:
        by, when = rows[item]
        assert by.startswith("not ticked") and "consent form signed on paper, filed" in by
    text = pdf_text(tmp_path, to_pdf(report), layout=False)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # no "ﬁ" ligatures
    checklist = flat.split("Pre-session checklist", 1)[1].split("Discharge", 1)[0]
    assert checklist.count("not ticked") == 2
    assert checklist.count("Ana Reyes") == len(items) - 2
    assert checklist.count("consent form signed on paper, filed") == 2, checklist


def test_the_rems_form_survives_every_page_break(make_window, fake_clock, tmp_path):
    """Breaks put before headings once left the blocks after the REMS table unlaid
    (no lines), so its status line never reached the PDF."""
    window, report = rems_session(make_window, fake_clock, with_40_minutes=False)
    window.close()
    for extra in range(0, 60, 3):
        padded = stretched(report, extra)
        document = report_document(padded, text_page("a4"))
        assert document.pageCount() >= 2  # lays the whole document out
        block = document.begin()
        while block.isValid():
            assert not block.text().strip() or block.layout().lineCount() > 0, (extra, block.text())
            block = block.next()
        assert split_tables(document) == [], extra
        text = pdf_text(tmp_path, to_pdf(padded), layout=False)
        assert "MISSING" in text, extra
        assert "Incomplete: Blood pressure at about 40 minutes" in text, extra


def test_phase_names_and_times_stay_whole_in_the_vitals_table(qapp, make_window, fake_clock):
    """The vitals table's Phase column broke "Introspection" over two lines."""
    from tests.helpers.ui import begin

    window = begin(make_window())
    flagged = {"systolic": "175", "diastolic": "95", "heart_rate": "105", "spo2": "97"}
    for _ in range(3):
        fake_clock.advance(600)
        window.log_panel.book.vitals({**flagged, "resp_rate": "16"}, False, "Ana")
    document = report_document(window.report(window.desk.session.id), text_page("a4"))
    vitals = next(t for t in tables(document) if t.cellAt(0, 1).firstCursorPosition()
                  .block().text() == "Phase")  # fmt: skip
    for row in range(1, vitals.rows()):
        for column in (0, 1):  # Time, Phase
            (block,) = cell_blocks(vitals.cellAt(row, column))
            assert block.layout().lineCount() == 1, block.text()
    assert vitals.cellAt(1, 1).firstCursorPosition().block().text() == "Introspection"


def struck_through(document, text):
    """Whether every character of ``text`` (found once in the document) is struck."""
    cursor = document.find(text)
    assert not cursor.isNull(), text
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    probe = QTextCursor(document)
    struck = []
    for position in range(start + 1, end + 1):
        probe.setPosition(position)
        struck.append(probe.charFormat().fontStrikeOut())
    return all(struck)


def test_every_version_and_every_reason_is_in_the_pdf(qapp, corrected_report):
    """A note corrected twice then struck; a reading corrected twice; one struck out."""
    document = report_document(corrected_report, text_page("a4"))
    text = document.toPlainText()
    at = f"{datetime(2026, 1, 5, 12, 32, tzinfo=UTC).astimezone():%Y-%m-%d %H:%M}"
    steps = [
        f"corrected by Ana Reyes at {at}: water too; was Patient asks for a blanket",
        f"corrected by Jon Okafor at {at}: no blanket after all; was Patient asks "
        "for a blanket and water",
        f"struck out by Mara Lind at {at}: written for the wrong session",
    ]
    at = [text.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), at  # each change, oldest first
    assert struck_through(document, "Patient asks for water")  # as it stood when struck
    assert "cuff slipped; no thermometer used; was BP 210/80, HR 90, SpO2 98%, T 38.6 °C" in text
    assert "pulse recounted; was BP 170/80, HR 90, SpO2 98%" in text
    # the struck reading stays in the vitals table, struck through, with who and why
    vitals = vitals_table(document)
    (row,) = [r for r in range(1, vitals.rows()) if text_at(vitals, r, 4) == "151"]
    assert text_at(vitals, row, 2) == "Jon Okafor"
    assert struck_through(document, "151")
    assert "the pulse oximeter was on the guide's finger" in text_at(vitals, row + 1, 0)


def test_a_reading_before_the_dose_shows_its_clock_time(qapp, report):
    document = report_document(report, text_page("a4"))
    vitals = vitals_table(document)
    first = "".join(block.text() for block in cell_blocks(vitals.cellAt(1, 0)))
    assert re.fullmatch(r"pre-dose \d\d:\d\d", first), first


def test_the_phase_head_stays_whole_when_every_reading_is_before_the_dose(
    qapp, make_window, fake_clock
):
    """Every Phase cell '-': the column was cut to a dash's width, "Phase" a letter a line."""
    from tests.helpers.ui import child

    window = make_window()
    child(window, "startSessionButton").click()  # no dose given
    window.log_panel.book.vitals({"systolic": "120", "diastolic": "80"}, False, "Ana")
    document = report_document(window.report(window.desk.session.id), text_page("a4"))
    vitals = vitals_table(document)
    (head,) = cell_blocks(vitals.cellAt(0, 1))
    assert head.text() == "Phase" and head.layout().lineCount() == 1
