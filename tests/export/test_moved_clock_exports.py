"""The laptop's clock set back two hours after the dose (by hand, or a time server
putting it right): the session clock counts through it, and so do the exports.
Their times were the stamps: the vitals two hours before the dose in the FHIR
Bundle and the CSV, and a rescue dose could not be recorded at all ("earlier than
the first dose")."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from pap_guide.core.check_record import ON_TIME
from pap_guide.export.csv_export import to_csv
from pap_guide.export.fhir_export import to_fhir
from pap_guide.export.pdf_export import to_pdf
from pap_guide.ui.asker import DoseRequest
from tests.export.test_pdf_tables import pdf_text
from tests.helpers.ui import child, started

BACK = timedelta(hours=2)


@pytest.fixture
def moved(make_window, fake_clock):
    """A session whose laptop clock went back 2 h at T+0:10: vitals at T+0:30, a
    second dose at T+0:35, the end at T+1:00."""
    window = started(make_window)
    dosed = fake_clock.now()
    fake_clock.advance(10 * 60)
    window.refresh()
    fake_clock.jump_wall(-BACK.total_seconds())
    window.refresh()  # the jump is seen and recorded
    fake_clock.advance(20 * 60)
    window.refresh()
    for name, value in (("systolicEdit", "128"), ("diastolicEdit", "82"), ("heartRateEdit", "76")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()
    fake_clock.advance(5 * 60)
    window.asker.dose_request = DoseRequest(10.0, 0, "LOT-2")
    window.asker.reason_text = "a second dose, as planned"
    child(window, "recordDoseButton").click()
    assert len(window.desk.facts().doses) == 2, window.problems
    fake_clock.advance(25 * 60)
    window.asker.reason_text = "the patient asked to stop"
    child(window, "endSessionButton").click()
    assert window.desk.timeline.ended_at is not None, window.problems
    return window.report(window.desk.session.id), dosed


def _close(a: datetime, b: datetime) -> bool:
    return abs((a - b).total_seconds()) < 1.0


def test_the_csv_gives_the_session_clock_s_times_and_keeps_the_laptop_s(moved):
    report, dosed = moved
    text = to_csv(report).decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["utc"][0] != "#"]
    vitals = next(r for r in rows if r["kind"] == "vitals")
    assert vitals["session_time"] == "T+0:30:00"
    assert _close(datetime.fromisoformat(vitals["utc"]), dosed + timedelta(minutes=30))
    laptop = datetime.fromisoformat(vitals["laptop_clock_utc"])  # what its stamp read
    assert _close(laptop, dosed + timedelta(minutes=30) - BACK)
    first, second = (r for r in rows if r["kind"] == "dose")
    assert first["laptop_clock_utc"] == "" and _close(datetime.fromisoformat(first["utc"]), dosed)
    assert second["session_time"] == "T+0:35:00"
    assert _close(datetime.fromisoformat(second["utc"]), dosed + timedelta(minutes=35))
    ended = next(r for r in rows if r["text"].startswith("Session ended"))
    assert _close(datetime.fromisoformat(ended["utc"]), dosed + timedelta(hours=1))
    times = [datetime.fromisoformat(r["utc"]) for r in rows]
    assert times == sorted(times)  # one clock from the set-up to the end


def test_the_fhir_bundle_puts_the_vitals_after_the_dose(moved):
    report, dosed = moved
    resources = [e["resource"] for e in to_fhir(report)["entry"]]
    given = [
        datetime.fromisoformat(r["effectiveDateTime"])
        for r in resources
        if r["resourceType"] == "MedicationAdministration"
    ]
    assert _close(given[0], dosed) and _close(given[1], dosed + timedelta(minutes=35))
    vitals = [r for r in resources if "vital-signs" in str(r.get("category"))]
    assert len(vitals) == 2  # the blood pressure and the heart rate
    for observation in vitals:
        at = datetime.fromisoformat(observation["effectiveDateTime"])
        assert _close(at, dosed + timedelta(minutes=30)), observation
        (note,) = observation["note"]
        assert "by the laptop's clock, then 2 h 00 min behind the session clock" in note["text"]
    ticks = [r for r in resources if "discharge-item" in str(r.get("code"))]
    assert ticks  # ticked at the end, on the moved clock
    for tick in ticks:
        at = datetime.fromisoformat(tick["effectiveDateTime"])
        assert _close(at, dosed + timedelta(hours=1)), tick
    (encounter,) = (r for r in resources if r["resourceType"] == "Encounter")
    assert _close(datetime.fromisoformat(encounter["period"]["end"]), dosed + timedelta(hours=1))


def test_the_pdf_gives_the_second_dose_and_the_end_on_the_session_s_clock(moved, qapp, tmp_path):
    report, dosed = moved
    text = " ".join(pdf_text(tmp_path, to_pdf(report)).split())

    def local(moment: datetime) -> str:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")

    assert f"{local(dosed)} / {local(dosed + timedelta(hours=1))}" in text  # dose / end
    assert local(dosed + timedelta(minutes=35)) in text  # the second dose's row
    for moment in (dosed + timedelta(minutes=35), dosed + timedelta(hours=1)):
        assert local(moment - BACK) not in text  # the second dose, the discharge ticks


def test_the_window_and_sessions_give_the_second_dose_on_the_session_s_clock(
    make_window, fake_clock
):
    """The record panel read "25 mg at 09:00; 10 mg at 07:35": the second dose as
    given before the first."""
    from pap_guide.core.summary import session_lines

    window = started(make_window)
    dosed = fake_clock.now()
    fake_clock.advance(10 * 60)
    window.refresh()
    fake_clock.jump_wall(-BACK.total_seconds())
    window.refresh()
    fake_clock.advance(25 * 60)
    window.asker.dose_request = DoseRequest(10.0, 0, "LOT-2")
    window.asker.reason_text = "a second dose, as planned"
    child(window, "recordDoseButton").click()
    window.refresh()
    second = (dosed + timedelta(minutes=35)).astimezone()
    summary = window.record_panel.summary.text()
    assert f"at {dosed.astimezone():%H:%M}; 10 mg" in summary
    assert f"10 mg Psilocybin at {second:%H:%M}" in summary
    assert f"at {(second - BACK):%H:%M}" not in summary
    lines = session_lines(window.report(window.desk.session.id))
    (line,) = [line for line in lines if line.startswith("Dose: 10 mg")]
    assert line.endswith(f"at {second:%Y-%m-%d %H:%M:%S}")


def test_a_clock_moved_before_the_dose_puts_the_set_up_on_the_dose_s_clock(
    make_window, fake_clock, qapp, tmp_path
):
    """Set up and a baseline taken, then the clock set back 2 h before the dose: the
    dose and all after it were 2 h before the set-up and the baseline in every
    export (the FHIR dose 2 h before its Encounter began)."""
    window = make_window()
    child(window, "startSessionButton").click()
    set_up = fake_clock.now()
    for name, value in (("systolicEdit", "122"), ("diastolicEdit", "78")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()  # the baseline, on the clock as it was
    fake_clock.advance(5 * 60)
    fake_clock.jump_wall(-BACK.total_seconds())
    window.refresh()  # the move is seen and recorded, before the dose
    fake_clock.advance(5 * 60)
    child(window, "recordDoseButton").click()
    dosed = fake_clock.now()  # on the moved clock: the session's anchor
    fake_clock.advance(30 * 60)
    for name, value in (("systolicEdit", "130"), ("diastolicEdit", "84")):
        child(window, name).setText(value)
    child(window, "saveVitalsButton").click()
    tree = child(window, "logView")  # the baseline stays pre-dose in the window's log
    shown = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert shown[-1].startswith("pre-dose") and "†" not in "".join(shown), shown
    fake_clock.advance(60)
    window.asker.reason_text = "the patient asked to stop"
    child(window, "endSessionButton").click()  # at T+0:31
    report = window.report(window.desk.session.id)
    # the baseline is the T+0 check's reading: it sat 2 h after the dose, a late check
    assert [(c.due, c.state) for c in report.checks()][:1] == [(0.0, ON_TIME)]
    text = to_csv(report).decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["utc"][0] != "#"]
    baseline, after = (r for r in rows if r["kind"] == "vitals")
    assert _close(datetime.fromisoformat(baseline["utc"]), set_up - BACK)
    assert _close(datetime.fromisoformat(baseline["laptop_clock_utc"]), set_up)
    assert _close(datetime.fromisoformat(after["utc"]), dosed + timedelta(minutes=30))
    times = [datetime.fromisoformat(r["utc"]) for r in rows]
    assert times == sorted(times)
    resources = [e["resource"] for e in to_fhir(report)["entry"]]
    (encounter,) = (r for r in resources if r["resourceType"] == "Encounter")
    (dose,) = (r for r in resources if r["resourceType"] == "MedicationAdministration")
    start = datetime.fromisoformat(encounter["period"]["start"])
    assert _close(start, set_up - BACK) and start < datetime.fromisoformat(
        dose["effectiveDateTime"]
    )
    pdf = " ".join(pdf_text(tmp_path, to_pdf(report)).split())
    assert f"Date {(set_up - BACK).astimezone():%Y-%m-%d %H:%M}" in pdf


def test_a_session_with_no_dose_yet_keeps_one_clock_after_a_move(make_window, fake_clock):
    """Cancelled before the dose, after the clock went back 2 h: the notes saved
    before the move kept the old clock, those after the new, and the CSV listed
    originals after their own corrections."""
    window = make_window()
    child(window, "startSessionButton").click()
    book = window.log_panel.book
    first = book.note("settling in", "Ana")
    fake_clock.advance(60)
    fake_clock.jump_wall(-BACK.total_seconds())
    window.refresh()  # recorded, no dose yet
    fake_clock.advance(60)
    book.correct(first, {"text": "settling in, calm"}, "typo", "Ana")
    book.note("asked for water", "Ana")
    report = window.report(window.desk.session.id)
    text = to_csv(report).decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["utc"][0] != "#"]
    notes = [r for r in rows if r["kind"] == "note"]
    assert [r["text"] for r in notes] == ["settling in", "settling in, calm", "asked for water"]
    times = [datetime.fromisoformat(r["utc"]) for r in notes]
    assert times == sorted(times) and notes[0]["laptop_clock_utc"]
    resources = [e["resource"] for e in to_fhir(report)["entry"]]
    observed = sorted(
        datetime.fromisoformat(r["effectiveDateTime"])
        for r in resources
        if r["resourceType"] == "Observation" and "note" in str(r.get("code", "")).lower()
    )
    assert observed and observed[-1] - observed[0] < timedelta(minutes=5), observed
