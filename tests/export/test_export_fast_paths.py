"""The exports' quick ways write what the general ones would: session times as
clock_text, rows in the order one stable sort gave them, Bundle entries as
json.dumps writes them."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.report import build_report
from pap_guide.core.session import EventKind
from pap_guide.core.timefmt import clock_text
from pap_guide.export import csv_export, fhir_codes, fhir_export
from pap_guide.export.fhir_export import to_fhir_json
from pap_guide.export.json_template import Template, hole
from tests.export.long_session import stretched_report


@given(st.floats(min_value=-1e7, max_value=1e7) | st.integers(-(10**7), 10**7))
def test_a_session_time_is_clock_text(seconds):
    assert csv_export._Clock().text(seconds) == "T+" + clock_text(seconds)


@pytest.mark.parametrize("value", [0.0, -0.0, 0.1, 36.85, 1e16, 1e300, math.inf, -math.inf])
def test_a_number_is_what_json_dumps_writes(value):
    assert fhir_codes.json_number(value) == json.dumps(value)


def test_a_nan_is_what_json_dumps_writes():
    assert fhir_codes.json_number(math.nan) == json.dumps(math.nan) == "NaN"


def test_a_template_wants_one_value_a_hole():
    template = Template({"a": hole("x"), "b": [hole("y")]})
    assert template.fill_in_order(['"1"', "2"]) == '{"a": "1", "b": [2]}'
    with pytest.raises(ValueError):
        template.fill_in_order(['"1"'])


def _shuffled(report):
    """``report`` with its entries' times reversed (wall and session clock alike), the
    first two at the first dose's and the first phase move's places."""
    entries = list(report.entries)
    times = [(entry.utc, entry.session_seconds) for entry in reversed(entries)]
    times[0] = (report.doses()[0].given, 0.0)
    times[1] = (report.moves[0].utc, report.moves[0].session_seconds)
    entries = [
        replace(entry, utc=utc, session_seconds=seconds)
        for entry, (utc, seconds) in zip(entries, times, strict=True)
    ]
    return build_report(
        report.record,
        report.protocol,
        report.events,
        entries,
        report.plays,
        report.first_at_center,
        report.play_ends,
    )


OVERRIDE, ENDED = EventKind.OVERRIDE, EventKind.ENDED


def test_rows_keep_the_order_of_one_stable_sort(report):
    shuffled = _shuffled(report)
    # as the rows were once put in order: all in one list, entries first, one sort
    place, dosed = csv_export._order, shuffled.dose_at
    found = [(place(e.utc, e.session_seconds), ("entry", str(e.id))) for e in shuffled.entries]
    found += [
        (place(d.given, (d.given - dosed).total_seconds()), ("dose", "")) for d in shuffled.doses()
    ]
    found += [(place(m.utc, m.session_seconds), ("event", "")) for m in shuffled.moves]
    found += [
        (place(e.utc, e.session_seconds), ("event", ""))
        for e in shuffled.events
        if e.kind in (OVERRIDE, ENDED)
    ]
    found.sort(key=lambda pair: pair[0])
    kind, entry_id = csv_export.COLUMNS.index("kind"), csv_export.COLUMNS.index("entry_id")
    written = [
        (row[kind], "") if row[kind] in ("dose", "event") else ("entry", row[entry_id])
        for row in csv_export.rows(shuffled)
        if row[kind] != "check"  # the late and missed checks: tests/export/test_checks_in_*
    ]
    assert written == [key for _, key in found]
    # the entries at a dose's and an event's time come before them
    tied_with_dose, tied_with_event = (("entry", str(e.id)) for e in shuffled.entries[:2])
    assert written.index(tied_with_dose) < written.index(("dose", ""))
    assert written.index(tied_with_event) < written.index(("event", ""))


def test_each_bundle_entry_is_what_json_dumps_writes(report):
    lines = to_fhir_json(stretched_report(report, 300)).decode().splitlines()
    entries = [line.removesuffix(",") for line in lines[1:-1]]
    kinds = {json.loads(entry)["resource"]["resourceType"] for entry in entries}
    assert {"Observation", "AdverseEvent", "MedicationAdministration"} <= kinds
    for entry in entries:
        assert json.dumps(json.loads(entry), **fhir_export.DUMP_OPTIONS) == entry
