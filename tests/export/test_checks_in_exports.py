"""The vitals checks the plan asked for that were late or missed are in the
record's exports: a missed check after a reading over a limit left no trace."""

from __future__ import annotations

import csv
import io

from pap_guide.export.csv_export import to_csv
from pap_guide.export.pdf_export import to_pdf
from tests.export.test_pdf_tables import pdf_text


def test_the_pdf_counts_the_checks_and_lists_those_missed(qapp, report, tmp_path):
    text = pdf_text(tmp_path, to_pdf(report))
    # the scripted session: checks every 30 min to the early end at T+3:31 (grace 5 min),
    # readings at T+0:31 and T+1:31 after the baseline, HR 104 flagged at T+0:31
    assert "8 checks due from the dose to the end (grace 5 min): 3 on time, 0 late, 5 missed." in (
        " ".join(text.split())
    )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "The late and missed checks:" in lines  # so the on-time ones are not looked for
    assert "T+0:46:00 repeat after a reading over a limit - missed" in lines
    assert "T+1:00:00 scheduled - missed" in lines
    assert not any(line.startswith("T+0:30:00 scheduled") for line in lines)  # on time


def test_the_csv_has_a_row_for_each_check_late_or_missed(report):
    rows = list(csv.DictReader(io.StringIO(to_csv(report).decode("utf-8-sig"), newline="")))
    checks = [(row["session_time"], row["text"]) for row in rows if row["kind"] == "check"]
    assert checks == [
        ("T+0:46:00", "repeat check (a reading over a limit) missed"),
        ("T+1:00:00", "vitals check missed"),
        ("T+2:00:00", "vitals check missed"),
        ("T+2:30:00", "vitals check missed"),
        ("T+3:00:00", "vitals check missed"),
    ]
    times = [row["utc"] for row in rows if not row["utc"].startswith("#")]
    assert times == sorted(times)  # in time order among the entries


def test_a_check_row_keeps_its_place_when_the_wall_clock_was_set_back(make_window, fake_clock):
    """Dated dose + seconds, a missed check came an hour after the session's end once
    the laptop's clock had been set back an hour."""
    from tests.helpers.ui import child, started

    window = started(make_window)  # checks every 30 min (standard-6h)
    fake_clock.advance(10 * 60)
    window.refresh()
    fake_clock.jump_wall(-3600)
    window.refresh()  # the jump is seen and recorded
    fake_clock.advance(50 * 60)
    window.refresh()
    for name, value in (("systolicEdit", "120"), ("diastolicEdit", "80")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()  # T+1:00, on time
    fake_clock.advance(50 * 60)
    window.asker.reason_text = "patient asked to stop"
    child(window, "endSessionButton").click()  # T+1:50, early
    report = window.report(window.desk.session.id)
    text = to_csv(report).decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["utc"][0] != "#"]
    checks = [r for r in rows if r["kind"] == "check"]
    # no baseline before the dose: T+0 missed too; T+1:00 was on time
    assert [r["session_time"] for r in checks] == ["T+0:00:00", "T+0:30:00", "T+1:30:00"]
    after = [r["session_seconds"] for r in rows if r["session_seconds"]]
    assert after == sorted(after, key=float)  # by the session's clock, not the moved one
    ended = next(r for r in rows if r["text"].startswith("Session ended"))
    late_check = checks[-1]
    assert late_check["utc"] < ended["utc"]  # T+1:30 before the end at T+1:50, on one clock
    vitals = next(r for r in rows if r["kind"] == "vitals" and r["session_time"] == "T+1:00:00")
    assert vitals["utc"] < late_check["utc"]
