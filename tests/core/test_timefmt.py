import pytest

from pap_guide.core.timefmt import clock_text, duration_text, session_clock_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "Pre-dose"),
        (0, "T+00:00:00"),
        (59.9, "T+00:00:59"),
        (3600, "T+01:00:00"),
        (6 * 3600, "T+06:00:00"),
        (6 * 3600 + 61, "T+06:01:01"),
        (-5, "T+00:00:00"),
    ],
)
def test_session_clock_text(seconds, text):
    assert session_clock_text(seconds) == text


def test_clock_and_duration_text():
    assert clock_text(8100, seconds=False) == "2:15"
    assert clock_text(-61) == "-0:01:01"
    assert duration_text(30) == "under 1 min"
    assert duration_text(26 * 60 + 5) == "26 min"
    assert duration_text(65 * 60) == "1 h 05 min"
