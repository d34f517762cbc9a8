"""The Spravato REMS Patient Monitoring Form, filled from an esketamine session's record."""

from __future__ import annotations

import subprocess

from pap_guide.core.rems import MISSING, missing, rems_form
from pap_guide.main import main
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import child


def session(make_window, fake_clock, with_40_minutes=True):
    window = make_window("--protocol", "esketamine-rems")
    window.asker = AutoAsker()
    from pap_guide.ui.asker import DoseRequest, SetupRequest

    window.asker.setup_request = SetupRequest(
        "P-0310", "dosing", {"Ana": "monitor", "Mara": "guide"}
    )
    window.asker.dose_request = DoseRequest(56, 0, "ESK-7")
    child(window, "startSessionButton").click()
    desk, book = window.desk, window.log_panel.book
    for item in desk.protocol.setup.checklist:
        desk.tick(item, "Ana")
    book.vitals({"systolic": "128", "diastolic": "82"}, False, "Ana")
    child(window, "recordDoseButton").click()
    fake_clock.advance(20 * 60)
    book.observation("sedation", "Ana")
    if with_40_minutes:
        fake_clock.advance(20 * 60)
        book.vitals({"systolic": "136", "diastolic": "86"}, False, "Ana")
        fake_clock.advance(75 * 60)
    else:
        fake_clock.advance(95 * 60)
    book.vitals({"systolic": "124", "diastolic": "80"}, False, "Ana")
    fake_clock.advance(6 * 60)
    window.asker.outcome = "discharged with transport"
    child(window, "endSessionButton").click()
    assert not desk.is_open()
    report = window.report(desk.session.id)
    return window, report


def test_a_complete_session_fills_every_field(make_window, fake_clock):
    window, report = session(make_window, fake_clock)
    form = dict(rems_form(report, report.protocol.rems))
    assert missing(list(form.items())) == []
    assert form["Dose and lot"] == "56 mg lot ESK-7"
    assert form["Blood pressure before dosing"].startswith("128/82 mmHg at pre-dose")
    assert form["Blood pressure at about 40 minutes"].startswith("136/86 mmHg at T+0:40")
    assert form["Blood pressure before the end"].startswith("124/80 mmHg")
    assert form["Sedation"] == "Yes, at T+0:20" and form["Dissociation"] == "No"
    assert form["Respiratory depression"] == "No (ruled out)"
    assert form["Total monitoring time"] == "121 min"


def test_a_missing_check_is_marked_missing_in_the_pdf_and_in_sessions(
    make_window, fake_clock, data_dir, tmp_path, capsys
):
    window, report = session(make_window, fake_clock, with_40_minutes=False)
    form = dict(rems_form(report, report.protocol.rems))
    assert form["Blood pressure at about 40 minutes"] == MISSING
    out = tmp_path / "out"
    out.mkdir()
    window.asker.export_to = out
    child(window, "exportButton").click()
    pdf = next(p for p in window.asker.exported if p.suffix == ".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Spravato REMS Patient Monitoring Form" in text
    assert "MISSING" in text and "Incomplete: Blood pressure at about 40 minutes" in text
    window.close()
    assert main(["--data-dir", str(data_dir), "sessions"]) == 0
    assert "REMS form incomplete: Blood pressure at about 40 minutes" in capsys.readouterr().out
