"""The pieces every section of the printed report is written with: text, times, tables."""

from __future__ import annotations

from datetime import datetime
from html import escape as html_escape

from pap_guide.core.bidi import closed
from pap_guide.core.timefmt import clock_text


def escape(text: str) -> str:
    """Text for the page as typed: its line breaks kept (rich text folds a newline
    into a space) and its direction controls ended with it, not with the cell."""
    return html_escape(closed(text)).replace("\n", "<br>")


def session_time(seconds: float | None) -> str:
    return "pre-dose" if seconds is None else "T+" + clock_text(seconds)


def local_time(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def html_table(headers: list[str], rows: list[list[str]]) -> str:
    """A row of one cell spans the whole table (a reading's flags and changes).

    Cells overlap their neighbours' borders by a cell spacing of -1, so each rule is
    one pixel, as with border-collapse: Qt's collapsed borders were most of a long
    session's PDF time (drawn cell by cell, the whole table walked for every page).
    """
    if not rows:
        return "<p class='muted'>None recorded.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    span = f"<td colspan='{len(headers)}'>"
    body = "".join(
        "<tr>"
        + (f"{span}{row[0]}</td>" if len(row) == 1 else "".join(f"<td>{c}</td>" for c in row))
        + "</tr>"
        for row in rows
    )
    return (
        f"<table width='100%' cellspacing='-1' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )
