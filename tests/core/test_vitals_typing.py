"""Vitals are typed as plain decimal numbers: anything else is refused, saying why."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.vitals import Reading, Refusal, load_plausibility, parse_vitals

PLAUSIBLE = load_plausibility()


def refusal(field: str, typed: str) -> str:
    result = parse_vitals({field: typed}, False, PLAUSIBLE)
    assert isinstance(result, Refusal), f"{typed!r} was saved as {result}"
    return result.errors[field]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("37", 37),
        (" 37 ", 37),
        ("36.8", 36.8),
        ("36,8", 36.8),
        ("36.85", 36.85),
        ("٣٦٫", None),  # the Arabic decimal separator is not one of . and ,
        ("٣٧", 37),  # Arabic-Indic digits
        ("۳۷,۵", 37.5),  # Persian digits, decimal comma
        ("३७.५", 37.5),  # Devanagari
        ("３７.５", 37.5),  # full-width
        ("036.8", 36.8),
    ],
)
def test_plain_decimal_numbers_in_any_script_are_read(typed, value):
    result = parse_vitals({"temperature_c": typed}, False, PLAUSIBLE)
    if value is None:
        assert isinstance(result, Refusal)
    else:
        assert isinstance(result, Reading)
        assert result.values == {"temperature_c": pytest.approx(value)}


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("1_20", "'_' is not a digit"),
        ("1e2", "'e' is not a digit"),
        ("1,2e2", "'e' is not a digit"),
        ("1E2", "'E' is not a digit"),
        ("0x78", "'x' is not a digit"),
        ("inf", "'i' is not a digit"),
        ("Infinity", "'I' is not a digit"),
        ("nan", "'n' is not a digit"),
        ("+72", "'+' is not a digit"),
        ("7 2", "a space inside"),
        ("7\u00a02", "a space inside"),
        ("1,200", "no thousands separator"),
        ("1.200", "no thousands separator"),
        ("1,200.5", "more than one . or ,"),
        ("36..8", "more than one . or ,"),
        ("36.8765", "more than two decimals"),
        ("36.", "a digit is missing"),
        (".8", "a digit is missing"),
        ("²", "'²' is not a digit"),
        ("½", "'½' is not a digit"),
    ],
)
def test_anything_but_a_plain_number_is_refused_saying_what_was_typed_and_expected(typed, why):
    message = refusal("heart_rate", typed)
    assert message.startswith(f"Heart rate: '{typed.strip()}' is not a number")
    assert why in message
    assert "type digits, with at most one . or ," in message


@pytest.mark.parametrize("typed", ["-70", "−70", "-0", "- 70"])
def test_a_negative_vital_is_refused(typed):
    message = refusal("heart_rate", typed)
    assert f"'{typed}' is negative" in message and "type digits" in message


def test_a_long_refused_entry_is_shown_shortened():
    message = refusal("spo2", "9" * 10 + "x" * 40)
    assert "'9999999999xxxxxxxxxxxxx…'" in message


def test_an_impossible_value_says_what_was_typed_and_the_range():
    assert refusal("systolic", "١٢٠٠") == (
        "Systolic pressure: ١٢٠٠ is not possible (expected 40–300 mmHg)."
    )


DIGITS = [chr(c) for c in range(0x110000) if chr(c).isdecimal()]


@st.composite
def plain_numbers(draw):
    """A plain decimal number typed in any script, with the value it means."""
    whole = draw(st.lists(st.sampled_from(DIGITS), min_size=1, max_size=3))
    decimals = draw(st.lists(st.sampled_from(DIGITS), max_size=2))
    separator = draw(st.sampled_from(".,"))
    typed = "".join(whole) + (separator + "".join(decimals) if decimals else "")
    value = float(
        "".join(str(unicodedata.decimal(d)) for d in whole)
        + ("." + "".join(str(unicodedata.decimal(d)) for d in decimals) if decimals else "")
    )
    return typed, value


@given(plain_numbers())
def test_any_plain_number_in_any_script_is_read_as_its_value(number):
    typed, value = number
    result = parse_vitals({"heart_rate": typed}, False, {**PLAUSIBLE})
    if 20 <= value <= 300:
        assert isinstance(result, Reading)
        assert result.values["heart_rate"] == pytest.approx(value)
    else:
        assert "is not possible" in refusal("heart_rate", typed)


@given(st.text(max_size=12))
def test_what_float_takes_but_a_plain_number_is_not_is_refused(typed):
    try:
        float(typed.replace(",", "."))
    except ValueError:
        return
    stripped = typed.strip()
    plain = stripped.replace(",", ".", 1)
    whole, _, decimals = plain.partition(".")
    if whole.isdecimal() and ((decimals.isdecimal() and len(decimals) <= 2) or plain == whole):
        return
    result = parse_vitals({"heart_rate": typed}, False, PLAUSIBLE)
    assert isinstance(result, Refusal)
    assert f"'{stripped[:23]}" in result.errors["heart_rate"]
