"""The PDF report, drawn by Qt's own PDF writer (no browser engine).

Pages are laid out by QTextDocument and painted one by one, so each page gets
a footer (patient code, session, page n of m) and, for rehearsals, a
watermark that no one can mistake for a real session's record.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)

from pap_guide.core.report import Report
from pap_guide.export.report_html import report_html
from pap_guide.export.vitals_figure import vitals_image

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 300


def chart_image(report: Report) -> QImage:
    """The vitals figure, painted for paper from the report alone (no window code)."""
    return vitals_image(report)


def page_layout(paper: str) -> QPageLayout:
    return QPageLayout(
        QPageSize(PAPERS[paper]),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 18),
        QPageLayout.Unit.Millimeter,
    )


def text_page(paper: str) -> QSizeF:
    """One page's room for the report's text, in the document's screen points
    (the page inside its margins, less the footer's strip)."""
    page = page_layout(paper).paintRectPixels(DPI)
    scale = DPI / 96
    return QSizeF(page.width() / scale, (page.height() - 40 * scale) / scale)


def to_pdf(report: Report, paper: str = "a4") -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(f"pap-guide session {report.record.id}")
    writer.setCreator("pap-guide")
    writer.setPageLayout(page_layout(paper))
    painter = QPainter(writer)
    page = writer.pageLayout().paintRectPixels(DPI)
    scale = DPI / 96  # the document lays out in screen points
    size = text_page(paper)
    width, height = size.width(), size.height()
    document = report_document(report, size)
    pages = document.pageCount()
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -number * height)
        document.drawContents(painter, QRectF(0, number * height, width, height))
        painter.restore()
        _footer(painter, report, number + 1, pages, page.width(), page.height())
        if report.record.rehearsal:
            _watermark(painter, page.width(), page.height())
    painter.end()
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())


def report_document(report: Report, page: QSizeF) -> QTextDocument:
    """The report laid out in pages of ``page`` (screen points), headings kept with
    what follows them."""
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart://vitals"), chart_image(report)
    )
    document.setHtml(report_html(report))
    document.setPageSize(page)
    keep_headings_with_next(document)
    return document


def keep_headings_with_next(document: QTextDocument) -> None:
    """Start a new page at each heading that would end its page alone.

    QTextDocument ignores CSS ``page-break-after: avoid``, so the layout is
    measured instead: a heading whose next block (a table's first cell, the
    chart) lands on a later page gets a page break before it. Each break moves
    everything after it, so the document is measured again after each one.
    """
    height = document.pageSize().height()
    for _ in range(document.blockCount()):  # at most one break per block
        stranded = next(
            (
                block
                for block in _blocks(document)
                if block.blockFormat().headingLevel() > 0
                and (following := _next_content(block)) is not None
                and _page(document, following, height) > _page(document, block, height)
            ),
            None,
        )
        if stranded is None:
            return
        if _page(document, stranded, height) == 0 and stranded.blockNumber() == 0:
            return  # the very first block: a break would only add a blank page
        form = QTextBlockFormat()
        form.setPageBreakPolicy(QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(stranded).mergeBlockFormat(form)


def _blocks(document: QTextDocument) -> list[QTextBlock]:
    found, block = [], document.begin()
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def _next_content(block: QTextBlock) -> QTextBlock | None:
    """The first block after ``block`` with something in it (text, an image)."""
    block = block.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    return block if block.isValid() else None


def _page(document: QTextDocument, block: QTextBlock, height: float) -> int:
    """The page a block starts on (block rectangles are in document coordinates)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    return int(top // height)


def _footer(
    painter: QPainter, report: Report, number: int, pages: int, width: float, height: float
) -> None:
    painter.save()
    painter.setPen(QColor("#555"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(28)
    painter.setFont(font)
    text = (
        f"pap-guide · patient {report.record.patient or '-'} · session "
        f"{report.record.id} · page {number} of {pages} · record sha256:{report.chain_head[:16]}"
    )
    painter.drawText(QRectF(0, height - 36, width, 36), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _watermark(painter: QPainter, width: float, height: float) -> None:
    painter.save()
    painter.translate(width / 2, height / 2)
    painter.rotate(-35)
    font = QFont("DejaVu Sans")
    font.setPixelSize(int(width / 8))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(200, 40, 40, 70))
    painter.drawText(
        QRectF(-width, -height / 8, 2 * width, height / 4),
        Qt.AlignmentFlag.AlignCenter,
        "REHEARSAL",
    )
    painter.restore()
