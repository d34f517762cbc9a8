import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pap_guide.core.vitals import (
    FIELDS,
    AlertLimits,
    Reading,
    Refusal,
    f_to_c,
    load_plausibility,
    parse_vitals,
)

PLAUSIBLE = load_plausibility()


def test_good_reading():
    result = parse_vitals(
        {
            "systolic": "122",
            "diastolic": "78",
            "heart_rate": " 64 ",
            "spo2": "98",
            "resp_rate": "14",
            "temperature_c": "36,8",
        },
        False,
        PLAUSIBLE,
    )
    assert isinstance(result, Reading)
    assert result.values == {
        "systolic": 122,
        "diastolic": 78,
        "heart_rate": 64,
        "spo2": 98,
        "resp_rate": 14,
        "temperature_c": 36.8,
    }


def test_fahrenheit_is_stored_in_celsius_with_the_original():
    result = parse_vitals({"temperature_c": "100.4"}, True, PLAUSIBLE)
    assert result.values["temperature_c"] == pytest.approx(38.0)
    assert result.entered == {"temperature_c": "100.4 °F"}
    assert f_to_c(212) == 100


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"systolic": "1200", "diastolic": "80"}, "systolic", "not possible"),
        ({"systolic": "abc", "diastolic": "80"}, "systolic", "is not a number"),
        ({"systolic": "80", "diastolic": "120"}, "diastolic", "below systolic"),
        ({"systolic": "120"}, "diastolic", "needs both"),
        ({"spo2": "101"}, "spo2", "not possible"),
        ({"temperature_c": "98.6"}, "temperature_c", "not possible"),  # F typed as C
        ({"heart_rate": "nan"}, "heart_rate", "is not a number"),
        ({"heart_rate": "inf"}, "heart_rate", "is not a number"),
        ({}, "systolic", "at least one"),
    ],
)
def test_refusals_name_the_field(typed, field, words):
    result = parse_vitals(typed, False, PLAUSIBLE)
    assert isinstance(result, Refusal)
    assert words in result.errors[field]


def test_alert_limits_flag_high_and_low():
    limits = AlertLimits({"systolic": (None, 160), "spo2": (92, None)})
    assert limits.flags({"systolic": 170, "spo2": 95}) == ["Systolic pressure 170 mmHg above 160"]
    assert limits.flags({"spo2": 90}) == ["SpO2 90 % below 92"]
    assert limits.flags({"systolic": 160}) == []


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=12)), st.booleans())
def test_any_text_is_a_reading_or_a_refusal_with_messages(typed, fahrenheit):
    result = parse_vitals(typed, fahrenheit, PLAUSIBLE)
    if isinstance(result, Refusal):
        assert result.errors and all(message.strip() for message in result.errors.values())
    else:
        assert result.values
        for name, value in result.values.items():
            assert math.isfinite(value) and value in PLAUSIBLE[name]


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True))
def test_any_numbers_never_crash(systolic, diastolic):
    result = parse_vitals(
        {"systolic": repr(systolic), "diastolic": repr(diastolic)}, False, PLAUSIBLE
    )
    assert isinstance(result, Reading | Refusal)
    if isinstance(result, Reading):
        assert result.values["diastolic"] < result.values["systolic"]


def test_an_impossible_fahrenheit_temperature_is_refused_in_fahrenheit():
    from pap_guide.core.vitals import load_plausibility, parse_vitals

    refused = parse_vitals({"temperature_c": "150"}, True, load_plausibility())
    assert refused.errors["temperature_c"] == (
        "Temperature: 150 is not possible (expected 77.0–113.0 °F)."
    )
    in_celsius = parse_vitals({"temperature_c": "50"}, False, load_plausibility())
    assert in_celsius.errors["temperature_c"].endswith("(expected 25–45 °C).")


def test_a_temperature_shows_the_second_decimal_it_was_taken_with():
    from pap_guide.core.vitals import Reading, temperature_text

    assert temperature_text(37.0) == "37.0"
    assert temperature_text(38.04) == "38.04"  # "38.0" hid that it was over 38
    assert temperature_text(36.8) == "36.8"
    assert Reading({"temperature_c": 38.04}).text() == "T 38.04 °C"
