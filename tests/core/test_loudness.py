"""The gain rule: to the reference, boost at most +6 dB, true peak kept under -1 dBTP."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.loudness import (
    LOUDEST_LUFS,
    MAX_BOOST_DB,
    PEAK_CEILING_DBTP,
    Measurement,
    gain_db,
    out_of_range,
    spread,
    track_level,
    unmeasured,
)
from pap_guide.core.music_plan import parse_music
from pap_guide.core.plan_checks import PlanError


def test_a_loud_track_is_cut_to_the_reference():
    assert gain_db(Measurement(-9.0, -0.3, 60)) == pytest.approx(-9.0)


def test_a_quiet_track_is_boosted_6_db_at_most_and_flagged():
    quiet = Measurement(-33.0, -20.0, 60)
    assert gain_db(quiet) == MAX_BOOST_DB
    assert "too quiet" in out_of_range(quiet)


def test_the_true_peak_limits_the_boost():
    peaky = Measurement(-22.0, -2.5, 60)  # wants +4 dB, has room for +1.5
    assert gain_db(peaky) == pytest.approx(1.5)
    assert "true peak" in out_of_range(peaky)


@given(st.floats(-30, -10))
def test_a_track_not_yet_measured_is_never_louder_than_the_reference(reference):
    level = track_level(None, reference)
    assert level == unmeasured(reference) and not level.measured
    # a full-scale square wave, the loudest anything decodes to, lands on the reference
    assert LOUDEST_LUFS + level.gain_db == pytest.approx(reference)


@given(st.floats(-70, 0), st.floats(-60, 3), st.floats(-30, -10))
def test_never_a_blast(lufs, peak, reference):
    gain = gain_db(Measurement(lufs, peak, 60), reference)
    assert gain <= MAX_BOOST_DB
    assert peak + gain <= PEAK_CEILING_DBTP + 1e-9


def test_spread_before_and_after():
    assert spread([-9.0, -24.0, None]) == pytest.approx(15.0)
    assert spread([-18.0]) == 0.0


def test_music_table_refuses_implausible_values():
    assert parse_music({"reference_lufs": -23, "boundary_window_seconds": 60}).boundary_window == 60
    with pytest.raises(PlanError, match="between -36 and -9"):
        parse_music({"reference_lufs": 0})
    with pytest.raises(PlanError, match="unknown key"):
        parse_music({"loudness": -18})
