import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.export.csv_export import COLUMNS, safe_cell, to_csv


def parsed(report):
    """The rows, as a reader should read them: the trailer rows (first cell '#...')
    left out after parsing, not as lines (a note may hold a line starting with '#')."""
    text = to_csv(report).decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [row for row in rows if not row["utc"].startswith("#")]


def test_the_last_line_pins_the_record_with_its_chain_head(report):
    last = to_csv(report).decode("utf-8-sig").splitlines()[-1]
    assert last == f"# pap-guide record chain head sha256:{report.chain_head}"
    assert len(report.chain_head) == 64 and report.chain_problem == ""


def entry_rows(report):
    """The rows of entries, doses and events (not the late and missed checks)."""
    return [row for row in parsed(report) if row["kind"] != "check"]


def test_one_row_per_entry_and_dose_in_time_order(report):
    rows = entry_rows(report)
    assert list(rows[0]) == COLUMNS
    assert [r["kind"] for r in rows] == [
        "vitals",
        "dose",
        "vitals",
        "note",
        "rating",
        "vitals",
        "vitals",
        "note",
        "adverse_event",
        "dose",
        "event",  # the phase move (same second as the rows before it)
        "event",  # the rule not met at the end (ended early), with its reason
        "event",  # the end, with its outcome
    ]
    assert [r["utc"] for r in rows] == sorted(r["utc"] for r in rows)
    flagged = rows[2]
    assert (flagged["systolic"], flagged["diastolic"], flagged["heart_rate"]) == (
        "168",
        "96",
        "104",
    )
    assert flagged["temperature_c"] == "38" and flagged["temperature_entered"] == "100.4 °F"
    assert "above 160" in flagged["flags"]
    assert flagged["session_time"] == "T+0:31:00" and flagged["phase"] == "Introspection"
    assert flagged["track"] == "Inward Tide" and flagged["author"] == "Ana Reyes"


def test_amendments_point_at_the_original(report):
    rows = entry_rows(report)
    correction = rows[6]
    assert correction["amends"] == rows[5]["entry_id"]
    assert correction["systolic"] == "130" and correction["amend_reason"] == "typo: 130 not 210"
    strike = rows[7]
    assert strike["struck"] == "yes" and strike["amends"] == rows[3]["entry_id"]


def test_formulas_are_neutralised(report):
    note = entry_rows(report)[3]
    assert note["text"].startswith("'=HYPERLINK")


@given(st.text(max_size=40))
def test_no_cell_starts_like_a_formula(text):
    cell = safe_cell(text)
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(cell)  # only plain numbers may keep a sign


def test_step_outs_and_restarts_are_in_the_record(tmp_path):
    from datetime import UTC, datetime

    from pap_guide.core.report import build_report
    from pap_guide.core.session import Event, EventKind, SessionRecord
    from pap_guide.core.summary import session_lines

    now = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    events = [
        Event(EventKind.STEPPED_OUT, now, 600.0, "Peak", {"name": "Mara", "cover": "Jon"}),
        Event(EventKind.STEPPED_BACK, now, 900.0, "Peak", {"name": "Mara"}),
        Event(EventKind.RESUMED, now, 950.0, "Peak", {"away_seconds": 95.0,
                                                       "tracks_interrupted": 1}),
    ]  # fmt: skip
    report = build_report(SessionRecord(1, "x", now), None, events, [], [])
    texts = [row["text"] for row in parsed(report)]
    assert "Mara stepped out; Jon covered." in texts
    assert "Mara came back into the room." in texts
    assert "pap-guide started again after 1 min away; 1 track(s) were interrupted." in texts
    assert any("Mara stepped out; Jon covered." in line for line in session_lines(report))
    assert not any("stepped_out" in line for line in session_lines(report))  # no raw kinds


def test_a_dose_row_says_who_gave_it(report):
    doses = [row for row in parsed(report) if row["kind"] == "dose"]
    assert doses and all(row["author"] == "Mara Lind" for row in doses)


def test_the_status_column_says_which_version_counts(corrected_report):
    rows = parsed(corrected_report)
    by_id = {r["entry_id"]: r for r in rows if r["entry_id"]}

    def versions(first_id):  # an entry and each amendment after it, oldest first
        chain, wanted = [by_id[first_id]], first_id
        while True:
            nxt = [r for r in rows if r["amends"] == wanted]
            if not nxt:
                return chain
            chain.append(nxt[0])
            wanted = nxt[0]["entry_id"]

    reading = next(r for r in rows if r["systolic"] == "210" and r["temperature_c"] == "38.6")
    assert [r["status"] for r in versions(reading["entry_id"])] == [
        "superseded",
        "superseded",
        "current",
    ]
    note = next(r for r in rows if r["text"] == "Patient asks for a blanket")
    assert [r["status"] for r in versions(note["entry_id"])] == ["struck out"] * 4
    struck = next(r for r in rows if r["heart_rate"] == "151" and not r["amends"])
    assert struck["status"] == "struck out" and struck["struck"] == ""
    plain = next(r for r in rows if r["kind"] == "rating")
    assert plain["status"] == "current"
    assert {r["status"] for r in rows if r["kind"] in ("dose", "event")} == {""}
    # counting the current rows counts each entry once, as it stands
    current = [r for r in rows if r["status"] == "current"]
    assert len(current) == len([line for line in corrected_report.lines if not line.struck])


def test_session_seconds_keep_the_millisecond():
    from pap_guide.export.csv_export import _seconds

    assert [_seconds(s) for s in (21600.375, 1800.0, 0.0, 5460.1234)] == [
        "21600.375",
        "1800",
        "0",
        "5460.123",
    ]


def test_doses_name_their_phase_and_the_rules_not_met_and_the_end_are_rows(report):
    rows = entry_rows(report)
    doses = [(r["session_time"], r["phase"]) for r in rows if r["kind"] == "dose"]
    assert doses == [("T+0:00:00", "Introspection"), ("T+1:31:00", "Peak")]
    events = [r["text"] for r in rows if r["kind"] == "event"]
    assert any(
        t.startswith("Rule not met: ended: the minimum length is 6 h") and "stable" in t
        for t in events
    )
    assert events[-1] == "Session ended by Mara Lind. Outcome: completed, discharged with escort."
