"""Sessions… reads a past session back as text: every version of an entry, each change."""

from datetime import UTC, datetime

from pap_guide.core.summary import session_lines

AT = f"{datetime(2026, 1, 5, 12, 32, tzinfo=UTC).astimezone():%Y-%m-%d %H:%M:%S}"


def test_every_change_of_an_entry_is_listed_oldest_first(corrected_report):
    lines = session_lines(corrected_report)
    start = lines.index("  T+3:31:00 Ana Reyes: [struck out] Patient asks for water")
    assert lines[start + 1 : start + 4] == [
        f"      corrected by Ana Reyes at {AT}: water too; was: Patient asks for a blanket",
        f"      corrected by Jon Okafor at {AT}: no blanket after all; was:"
        " Patient asks for a blanket and water",
        f"      struck out by Mara Lind at {AT}: written for the wrong session",
    ]
    reading = next(i for i, line in enumerate(lines) if "SpO2 98% (corrected)" in line)
    assert "was: BP 210/80, HR 90, SpO2 98%, T 38.6 °C" in lines[reading + 1]
    assert "pulse recounted; was: BP 170/80, HR 90, SpO2 98%" in lines[reading + 2]
    assert "  T+3:31:00 Jon Okafor: [struck out] HR 151, SpO2 91%" in lines


def test_a_reading_before_the_dose_shows_its_clock_time(report):
    (first,) = [line for line in session_lines(report) if "BP 124/80" in line]
    assert first.startswith("  pre-dose ") and first[11:16].replace(":", "").isdigit()
