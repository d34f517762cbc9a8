"""The PDF's pages: no heading left alone at the foot of a page."""

import dataclasses
import shutil
import subprocess

import pytest

from pap_guide.core import entries as kinds
from pap_guide.export import pdf_export
from pap_guide.export.pdf_export import report_document, text_page, to_pdf


def stretched(report, extra):
    """The report with ``extra`` more vitals rows, to push later headings down the page."""
    reading = next(line for line in report.lines if line.original.kind == kinds.VITALS)
    return dataclasses.replace(report, lines=report.lines + (reading,) * extra)


def blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def stranded_headings(document):
    """Headings whose next block with content starts on a later page."""
    height = document.pageSize().height()

    def page(block):
        return int(document.documentLayout().blockBoundingRect(block).top() // height)

    found = []
    for block in blocks(document):
        if block.blockFormat().headingLevel() == 0:
            continue
        following = block.next()
        while following.isValid() and not following.text().strip():
            following = following.next()
        if following.isValid() and page(following) != page(block):
            found.append((block.text(), page(block)))
    return found


EXTRAS = range(0, 48)


def test_without_the_rule_some_headings_would_be_stranded(qapp, report, monkeypatch):
    """The sweep below does push headings to a page's foot (so it tests something)."""
    monkeypatch.setattr(pdf_export, "keep_headings_with_next", lambda document: None)
    stranded = {
        text
        for extra in EXTRAS
        for text, _ in stranded_headings(report_document(stretched(report, extra), text_page("a4")))
    }
    assert len(stranded) >= 2, stranded


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_heading_starts_on_the_page_of_what_follows_it(qapp, report, paper):
    for extra in EXTRAS:
        document = report_document(stretched(report, extra), text_page(paper))
        assert stranded_headings(document) == [], extra


def test_the_printed_music_heading_sits_above_its_table(qapp, report, tmp_path, monkeypatch):
    """In the PDF itself: each page that shows "Music played" shows its table's head too."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed (Debian: poppler-utils; tools/test.sh installs it)")
    with monkeypatch.context() as patch:
        patch.setattr(pdf_export, "keep_headings_with_next", lambda document: None)
        extra = next(
            n
            for n in EXTRAS
            if any(
                text == "Music played"
                for text, _ in stranded_headings(
                    report_document(stretched(report, n), text_page("a4"))
                )
            )
        )
    path = tmp_path / "r.pdf"
    path.write_bytes(to_pdf(stretched(report, extra)))
    text = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if "Music played" in page]
    assert len(pages) == 1
    after = pages[0].split("Music played", 1)[1]
    assert "Phase" in after and "Tracks" in after
