"""A dose entered late, backdated to when it was given: what the monitor logged in
between is shown after the dose, not as a baseline.

The nurse gives the dose at 9:10; the monitor logs a reading at 9:12 and enters
the dose at 9:15 as "given 5 minutes ago". The reading's stamp stays as saved
(pre-dose: the dose was not yet entered) and the log, the PDF and the summary
show it at T+0:02:00, marked, with what the mark means."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget

from pap_guide.config.locations import Locations
from pap_guide.core.protocol import load_catalog
from pap_guide.core.summary import session_lines
from pap_guide.export.figure_data import sign_series
from pap_guide.export.pdf_export import to_pdf
from pap_guide.store.database import open_records
from pap_guide.store.records import RecordLoader
from pap_guide.ui.asker import DoseRequest
from tests.export.test_pdf_tables import pdf_text
from tests.helpers.ui import child


def test_entries_before_a_backdated_dose_are_shown_after_it(
    make_window, fake_clock, data_dir, tmp_path
):
    window = make_window()
    child(window, "startSessionButton").click()  # set up, no dose yet
    fake_clock.advance(10 * 60)  # 9:10: the dose is given
    fake_clock.advance(2 * 60)  # 9:12: a reading, the dose not yet entered
    for name, value in (("systolicEdit", "150"), ("diastolicEdit", "95")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()
    child(window, "noteEdit").setText("felt the first change")
    child(window, "addNoteButton").click()
    fake_clock.advance(3 * 60)  # 9:15: the dose entered, given 5 minutes ago
    window.asker.dose_request = DoseRequest(25.0, 5, "LOT-1")
    child(window, "recordDoseButton").click()
    window.refresh()
    tree = window.findChild(QTreeWidget, "logView")
    times = [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]
    assert times[:2] == ["T+0:02:00†", "T+0:02:00†"], times
    assert "given at" in tree.topLevelItem(0).toolTip(0)
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    loader = RecordLoader(open_records(locations.database), catalog.protocols)
    report = loader.report(window.desk.session.id)
    assert [line.original.session_seconds for line in report.lines] == [None, None]  # as saved
    text = " ".join(pdf_text(tmp_path, to_pdf(report)).split())
    assert "T+0:02:00†" in text
    assert "Logged before the dose was entered" in text
    assert "pre-dose" not in text.split("Notes, observations")[-1].split("Music")[0]
    summary = "\n".join(session_lines(report))
    assert "T+0:02:00†" in summary and "Logged before the dose was entered" in summary


def test_a_session_ended_without_a_dose_says_no_checks_were_due(
    make_window, fake_clock, data_dir, tmp_path
):
    window = make_window()
    child(window, "startSessionButton").click()
    fake_clock.advance(20 * 60)  # the dose was not given: the session is called off
    window.asker.reason_text = "patient unwell before dosing; not dosed"
    child(window, "endSessionButton").click()
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    loader = RecordLoader(open_records(locations.database), catalog.protocols)
    report = loader.report(window.desk.session.id)
    assert report.ended and report.dose_at is None
    text = " ".join(pdf_text(tmp_path, to_pdf(report)).split())
    assert "No dose was recorded, so no checks were due." in text
    assert "Listed once the session has ended" not in text


def test_a_flagged_reading_before_a_backdated_dose_is_repeated_from_its_own_time(
    make_window, fake_clock, data_dir
):
    """The log showed such a reading at T+0:05†, but the due check and the chart
    (the live one and the PDF's) counted it as a baseline at T+0: its repeat was
    said due ten minutes early, and it was drawn at the dose."""
    window = make_window()
    child(window, "startSessionButton").click()  # set up, no dose yet
    fake_clock.advance(10 * 60)  # 9:10: the dose is given
    fake_clock.advance(5 * 60)  # 9:15: a reading over the limit, the dose not yet entered
    for name, value in (("systolicEdit", "170"), ("diastolicEdit", "80")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()
    fake_clock.advance(10 * 60)  # 9:25: the dose entered, given 15 minutes ago
    window.asker.dose_request = DoseRequest(25.0, 15, "LOT-1")
    child(window, "recordDoseButton").click()
    window.log_panel.tabs.setCurrentIndex(1)  # the chart, in front
    window.refresh()
    repeat = window.desk.protocol.monitor.alerts.repeat_minutes
    assert repeat == 15
    due = child(window, "nextCheckLabel").text()
    assert due == "Repeat check due at T+0:20 (in 5 min)", due
    chart = window.log_panel.chart
    assert [(at, said) for at, _values, said in chart.time_cursor.readings] == [(300.0, "T+0:05†")]
    assert [point.x() for point in chart.series["systolic"].points()] == [300 / 3600]
    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    report = RecordLoader(open_records(locations.database), catalog.protocols).report(
        window.desk.session.id
    )
    drawn = {series.sign.key: series for series in sign_series(report)}
    assert [point.x() for point in drawn["systolic"].points] == [300 / 3600]
    assert [point.x() for point in drawn["systolic"].rings] == [300 / 3600]
