"""Patient codes: the clinic's pattern, and nothing that identifies the patient."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pap_guide.config.locations import Locations
from pap_guide.config.patient_codes import FILE_NAME, load_patient_codes
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.controller import SessionError
from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes, check_patient_code
from pap_guide.core.protocol import load_catalog
from tests.helpers.memory_store import memory_controller

PEOPLE = {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


@pytest.mark.parametrize("code", ["P-0142", "P-1", "0142", "ABC-7", "p-0142-b", "X" * 31 + "1"])
def test_default_codes_are_letters_digits_and_dashes_with_a_digit(code):
    assert check_patient_code(f" {code} ") == code


@pytest.mark.parametrize(
    "code",
    ["P-TEST", "PX", "P_0142", "P 0142", "P/01", "P.0142", "X" * 32 + "1", "Р-0142", "P-٠١٤٢"],
)
def test_other_codes_are_refused_with_the_default_rule(code):
    with pytest.raises(SessionError, match=r"letters, digits and '-' only.*at least one digit"):
        check_patient_code(code)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("John_Smith", "a name"),
        ("jane-doe", "a name"),
        ("Jane Doe", "a name"),
        ("Mary", "a name"),
        ("anna.berg-7", "a name"),
        ("Иван_Петров", "a name"),
        ("jane_doe_1975-03-02", "a name and a date of birth"),
        ("jane@example.org", "an e-mail address"),
        ("P@1", "an e-mail address"),
        ("P-1975-03-02", "a date of birth"),
        ("P-1975-3-2", "a date of birth"),
        ("P-02-03-1975", "a date of birth"),
        ("P-12/31/1975", "a date of birth"),
        ("P19750302", "a date of birth"),
        ("P-02031975", "a date of birth"),
        ("20011231-A", "a date of birth"),
        ("123-45-6789", "a national identifier"),
        ("P-123-45-6789", "a national identifier"),
        ("943 476 5919", "a national identifier"),
        ("943-476-5919", "a national identifier"),
        ("9434765919", "a national identifier"),
        ("N9434765919", "a national identifier"),
    ],
)
def test_codes_that_identify_the_patient_are_refused_with_the_reason(code, why):
    with pytest.raises(SessionError) as refused:
        check_patient_code(code)
    message = str(refused.value)
    assert message.startswith("That looks like ")
    for what in why.split(" and "):  # each reason named; a name with the words that made it one
        assert (what + " (" if what == "a name" else what) in message
    assert "e.g. P-0142" in message


@pytest.mark.parametrize(
    "code", ["P-0142", "P-20241301", "P-19751332", "P-123456789", "P-12345678901", "AB-12-3456"]
)
def test_numbers_that_are_no_date_or_identifier_pass(code):
    assert check_patient_code(code) == code


def test_nothing_typed_asks_for_the_code_and_a_huge_one_is_refused():
    with pytest.raises(SessionError, match=r"Type the patient's pseudonymous code, e\.g\. P-0142"):
        check_patient_code("  ")
    loose = PatientCodes.from_setting(".*", "Z1")
    with pytest.raises(SessionError, match="at most 64"):
        loose.check("9" * 65)


@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28), st.sampled_from("-/."))
def test_any_date_of_birth_in_a_code_is_refused(year, month, day, sep):
    for shown in (
        f"{year}{sep}{month:02}{sep}{day:02}",
        f"{day:02}{sep}{month:02}{sep}{year}",
        f"{year}{month:02}{day:02}",
    ):
        with pytest.raises(SessionError, match="a date of birth"):
            check_patient_code(f"P-{shown}")


@given(st.text(max_size=40))
def test_any_text_is_a_code_or_a_refusal_with_a_reason(typed):
    try:
        code = check_patient_code(typed)
    except SessionError as refused:
        assert str(refused).strip()
    else:
        assert DEFAULT_PATIENT_CODES.pattern.fullmatch(code) and code == typed.strip()


# -- the clinic's setting


def write_setting(data_dir: Path, text: str) -> None:
    (data_dir / FILE_NAME).write_text(text, encoding="utf-8")


def test_without_a_file_the_default_applies(tmp_path):
    assert load_patient_codes(tmp_path) == (DEFAULT_PATIENT_CODES, None)


def test_the_clinics_pattern_and_example(tmp_path):
    write_setting(tmp_path, 'pattern = "PSY[0-9]{5}"\nexample = "PSY00142"\n')
    codes, problem = load_patient_codes(tmp_path)
    assert problem is None and codes.example == "PSY00142"
    assert codes.check("PSY31415") == "PSY31415"
    with pytest.raises(SessionError, match=r"codes like PSY00142 \(pattern PSY\[0-9\]\{5\}\)"):
        codes.check("P-0142")
    with pytest.raises(SessionError, match="a date of birth"):
        PatientCodes.from_setting("PSY[0-9]+", "PSY1").check("PSY19750302")  # whatever the pattern


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('pattern = "P-[0-9"\nexample = "P-1"', "not a regular expression"),
        ('pattern = "P-[0-9]+"\nexample = "Q-1"', "the example 'Q-1' is refused"),
        ('pattern = ".+"\nexample = "John_Smith"', "looks like a name"),
        ('example = "P-1"', "it needs pattern"),
        ('pattern = "P-[0-9]+"', "it needs example"),
        ('pattern = 5\nexample = "P-1"', "it needs pattern"),
        ('pattern = "P-[0-9]+"\nexample = "P-1"\nflags = "i"', "unknown setting 'flags'"),
        ("pattern = ", "Invalid value"),
        (b"\xff\xfe", "utf-8"),
    ],
)
def test_a_broken_setting_is_named_and_the_default_applies(tmp_path, text, why):
    if isinstance(text, bytes):
        (tmp_path / FILE_NAME).write_bytes(text)
    else:
        write_setting(tmp_path, text)
    codes, problem = load_patient_codes(tmp_path)
    assert codes is DEFAULT_PATIENT_CODES
    assert problem is not None and why in problem
    assert str(tmp_path / FILE_NAME) in problem and "letters, digits" in problem


@pytest.fixture(scope="module")
def protocols():
    locations = Locations(Path("/nonexistent-user-folder"))
    return load_catalog(locations.protocol_folders, locations.playlist_folders).protocols


def test_the_desk_checks_codes_against_the_clinics_pattern(fake_clock, protocols):
    codes = PatientCodes.from_setting("PSY[0-9]{5}", "PSY00142")
    desk = SessionDesk(memory_controller(fake_clock, protocols), codes)
    with pytest.raises(SessionError, match="codes like PSY00142"):
        desk.start("mdma", "P-0142", "dosing", PEOPLE)
    with pytest.raises(SessionError, match="a name"):
        desk.start("mdma", "John_Smith", "dosing", PEOPLE)
    assert desk.session is None
    desk.start("mdma", " PSY00142 ", "dosing", PEOPLE)
    assert desk.session is not None and desk.session.patient == "PSY00142"


def test_the_desk_uses_the_default_when_given_none(fake_clock, protocols):
    desk = SessionDesk(memory_controller(fake_clock, protocols))
    with pytest.raises(SessionError, match="at least one digit"):
        desk.start("mdma", "P-TEST", "dosing", PEOPLE)
