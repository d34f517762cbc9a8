import shutil
import subprocess

import pytest

from pap_guide.export.pdf_export import to_pdf
from pap_guide.main import main


def pdf_text(tmp_path, data):
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed (Debian: poppler-utils; tools/test.sh installs it)")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(tmp_path, data):
    path = tmp_path / "i.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_reads_like_the_record(qapp, report, tmp_path):
    text = pdf_text(tmp_path, to_pdf(report))
    for expected in (
        "Dosing session report",
        "P-0142",
        "MDMA 8 hours",
        "Mara Lind (guide)",
        "MD-55",
        "Next phase started 1 h 29 min early.",
        "168/96",
        "above 160",
        "wrong patient's note",
        "ADVERSE EVENT (mild): Vomited once",
        "Inward Tide",
        "Open Sky",
        "Escort present for the night",
        "completed, discharged with escort",
        "NOT met",
        "Reviewed by",
        "page 1 of",
    ):
        assert expected in text, expected
    assert "REHEARSAL" not in text


def reddish_pixels_on_last_page(tmp_path, data):
    """Pixels of the watermark's red on the last page (it has no chart)."""
    from PySide6.QtGui import QImage

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "w.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "w")], check=True)
    image = QImage(str(sorted(tmp_path.glob("w-*.png"))[-1]))
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            found += colour.red() > colour.green() + 25 and colour.red() > colour.blue() + 25
    return found


def test_rehearsal_has_a_watermark(qapp, report, rehearsal_report, tmp_path):
    assert "REHEARSAL" in pdf_text(tmp_path, to_pdf(rehearsal_report))  # the header
    assert reddish_pixels_on_last_page(tmp_path / "r", to_pdf(rehearsal_report)) > 200
    assert reddish_pixels_on_last_page(tmp_path / "n", to_pdf(report)) == 0


@pytest.mark.parametrize(("paper", "size"), [("a4", "595 x 842"), ("letter", "612 x 792")])
def test_paper_sizes(qapp, report, tmp_path, paper, size):
    assert size in pdf_info(tmp_path, to_pdf(report, paper))


def export_command(folder, session, fmt, out):
    return main(
        [
            "--data-dir",
            str(folder),
            "export",
            "--session",
            str(session),
            "--format",
            fmt,
            "--out",
            str(out),
        ]
    )


def test_export_command_writes_owner_only_files(qapp, tmp_path):
    from tests.helpers.scripted import scripted_session

    session_id = scripted_session(tmp_path)
    (tmp_path / "out").mkdir()  # export never makes a folder by itself
    for fmt in ("pdf", "csv", "fhir"):
        out = tmp_path / "out" / f"record.{fmt}"
        assert export_command(tmp_path, session_id, fmt, out) == 0
        assert out.stat().st_mode & 0o777 == 0o600
        assert out.stat().st_size > 100
    assert export_command(tmp_path, 99, "csv", tmp_path / "x.csv") == 2


def test_an_early_end_lists_the_phases_as_run(qapp, report, tmp_path):
    """Ended at T+3:31 in Release: the plan's Return to calm, T+5:15 to T+8:00, never
    happened, and Release ends at the real end."""
    lines = [" ".join(line.split()) for line in pdf_text(tmp_path, to_pdf(report)).splitlines()]
    assert "Return to calm not reached" in lines
    (release,) = [line for line in lines if line.startswith("Release T+")]
    assert release.endswith("T+3:31:00")
