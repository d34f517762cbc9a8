"""A new session starts with its monitor logging, even with the same people as the last.

Found in a walkthrough: with the same three names remembered, a second
session whose monitor was Carol started with Alice (the first session's
logger, now its guide) selected, so its first note and first dose were
recorded as hers. Through the real window and its buttons; the database says
who wrote the entries.
"""

from __future__ import annotations

import sqlite3

from tests.helpers.ui import child

FIRST = {"Alice": "monitor", "Bob": "guide", "Carol": "co-guide"}
SECOND = {"Alice": "guide", "Bob": "co-guide", "Carol": "monitor"}


def _session(window, people: dict[str, str], note: str) -> None:  # type: ignore[no-untyped-def]
    window.asker.setup_request = window.asker.setup_request.__class__("P-0200", "dosing", people)
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    child(window, "noteEdit").setText(note)
    child(window, "addNoteButton").click()


def _authors(data_dir) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(data_dir / "pap-guide.db") as db:
        rows = db.execute(
            "select json_extract(data, '$.text'), author from entries where kind = 'note'"
        )
        return dict(rows.fetchall())


def test_the_second_sessions_monitor_logs_it(make_window, data_dir):
    window = make_window()
    _session(window, FIRST, "first session's note")
    child(window, "endSessionButton").click()
    _session(window, SECOND, "second session's note")
    assert _authors(data_dir) == {
        "first session's note": "Alice",
        "second session's note": "Carol",
    }
    assert window.log_panel.author() == "Carol"
