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
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextLength,
    QTextTable,
    QTextTableCell,
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
    # before the page size: a document without one is not laid out, so the columns'
    # widths are set before its one layout (set after, they laid the vitals table and
    # all below it out again, a third of a long session's PDF time)
    keep_words_whole(document, page.width() / 4)
    document.setPageSize(page)
    keep_headings_with_next(document)
    return document


WHOLE_WORDS = ("Phase",)  # columns whose words must never be broken
CELL_SIDES = 2 * 5 + 2 * 1 + 2  # the style's padding and rules, and 2 px to spare


def keep_words_whole(document: QTextDocument, most: float) -> None:
    """Make each WHOLE_WORDS column as wide as its widest cell, up to ``most``
    points, and never narrower than its widest word.

    Qt lets a table cell break a word anywhere, so the vitals table's narrow
    Phase column printed "Introspectio" over "n". Kept on one line instead
    (white-space: nowrap), 10,000 such cells made that PDF a quarter slower,
    and Qt turned their spaces into no-break spaces in the PDF's text; a fixed
    width costs one pass over the column.
    """
    metrics = QFontMetricsF(document.defaultFont())
    bold = QFont(document.defaultFont())
    bold.setBold(True)
    head_metrics = QFontMetricsF(bold)  # the header row is bold
    for table in document.rootFrame().childFrames():
        if not isinstance(table, QTextTable) or table.rows() < 2:
            continue
        heads = [_cell_text(table, 0, column) for column in range(table.columns())]
        constraints = list(table.format().columnWidthConstraints()) or [
            QTextLength() for _ in heads
        ]
        changed = False
        for column, head in enumerate(heads):
            if head not in WHOLE_WORDS:
                continue
            texts = {  # a row's one spanning cell (a reading's changes) is not the column's
                _cell_text(table, row, column)
                for row in range(1, table.rows())
                if table.cellAt(row, column).columnSpan() == 1
            }
            words = [metrics.horizontalAdvance(w) for t in texts for w in [*t.split(), ""]]
            # never narrower than its head: a column of '-' broke "Phase" a letter a line
            word = max(*words, *(head_metrics.horizontalAdvance(w) for w in head.split()))
            whole = max(metrics.horizontalAdvance(t) for t in texts)
            width = max(word, min(whole, most - CELL_SIDES)) + CELL_SIDES
            constraints[column] = QTextLength(QTextLength.Type.FixedLength, width)
            changed = True
        if changed:
            form = table.format()
            form.setColumnWidthConstraints(constraints)
            table.setFormat(form)


def _cell_text(table: QTextTable, row: int, column: int) -> str:
    cell = table.cellAt(row, column)
    return QTextCursor(cell.firstCursorPosition()).block().text()


def keep_headings_with_next(document: QTextDocument) -> None:
    """Start a new page at each heading that would end its page without what follows.

    QTextDocument ignores CSS ``page-break-after: avoid``, so the layout is
    measured instead: a heading whose next block (the chart, a paragraph) or, for
    a table, whose header row and first data row do not end on the heading's page
    gets a page break before it. Headings are taken in order, once each: a break
    moves only what comes after it, so what was settled above stays settled, and
    only the rest is laid out again. When even a fresh page cannot hold a heading
    with its table's first row, the table runs on (its header repeated).
    """
    height = document.pageSize().height()
    always = QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore
    headings = [block.blockNumber() for block in _blocks(document) if _is_heading(block)]
    for number in headings:
        heading = document.findBlockByNumber(number)
        if number == 0 or heading.blockFormat().pageBreakPolicy() & always:
            continue  # already at the top of a page: a break would only add a blank one
        if not _stranded(document, heading, height):
            continue
        form = QTextBlockFormat()
        form.setPageBreakPolicy(always)
        cursor = QTextCursor(heading)
        cursor.beginEditBlock()  # one layout pass for both changes, not two
        cursor.mergeBlockFormat(form)
        _relayout(document, heading.position())
        cursor.endEditBlock()


def _is_heading(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0


def _relayout(document: QTextDocument, start: int) -> None:
    """Lay the document out again from ``start`` to its end.

    After a block format change Qt lays out again only from the changed block,
    and that partial pass can leave blocks after a later table unlaid (no
    lines, no height): the document then ends early and what follows the table
    is never painted (the REMS form's "Incomplete: ..." line, the sources).
    """
    document.markContentsDirty(start, document.characterCount() - start)


def _stranded(document: QTextDocument, heading: QTextBlock, height: float) -> bool:
    page = _page(document, heading, height)
    return any(_last_page(document, block, height) > page for block in _kept_with(heading))


def _blocks(document: QTextDocument) -> list[QTextBlock]:
    found, block = [], document.begin()
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def _kept_with(heading: QTextBlock) -> list[QTextBlock]:
    """What a heading must share its page with: the first block after it with
    something in it (text, an image) or, when that opens a table, every block of
    the table's header rows and of its first data row."""
    block = heading.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    if not block.isValid():
        return []
    table = QTextCursor(block).currentTable()
    if table is None or table.cellAt(0, 0).firstCursorPosition().block() != block:
        return [block]
    rows = min(table.format().headerRowCount(), table.rows() - 1) + 1
    return [
        cell_block
        for row in range(rows)
        for column in range(table.columns())
        for cell_block in _cell_blocks(table.cellAt(row, column))
    ]


def _cell_blocks(cell: QTextTableCell) -> list[QTextBlock]:
    found, block = [], cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block()
    while block.isValid():
        found.append(block)
        if block == last:
            break
        block = block.next()
    return found


def _page(document: QTextDocument, block: QTextBlock, height: float) -> int:
    """The page a block starts on (block rectangles are in document coordinates)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    return int(top // height)


def _last_page(document: QTextDocument, block: QTextBlock, height: float) -> int:
    """The page a block's last line is on (Qt moves a line that would cross a page
    to the next one, in table cells too)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    lines = block.layout().lineCount()
    last = block.layout().lineAt(lines - 1).y() if lines else 0.0
    return int((top + last) // height)


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
    if report.chain_problem:  # the same head as the record before it was changed
        text += " · DOES NOT VERIFY"
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
