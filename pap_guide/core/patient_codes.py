"""Patient codes: pseudonymous, in the clinic's pattern, never identifying the patient."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from pap_guide.core.controller import SessionError

PATIENT_CODE_MAX = 32  # the default pattern's length
PATIENT_CODE_LIMIT = 64  # whatever the clinic's pattern: codes stay short, matching stays quick


# What identifies a person, refused in a code whatever the clinic's pattern.
# Dates are years 19xx and 20xx with a real month and day, as YYYY-MM-DD,
# DD-MM-YYYY (or MM-DD-YYYY), YYYYMMDD or DDMMYYYY, anywhere in the code; the
# national numbers are the SSN's ###-##-#### and the NHS number's ### ### ####
# (or with dashes, or ten digits in a row).
_SEP = r"[-/._ ]"
_DAY, _MONTH, _YEAR = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:19|20)\d\d"
_DAY2, _MONTH2 = r"(?:0[1-9]|[12]\d|3[01])", r"(?:0[1-9]|1[0-2])"
_IDENTIFYING = (
    ("an e-mail address", re.compile(r"[^@\s]+@[^@\s]+")),
    (
        "a date of birth",
        re.compile(
            rf"(?<!\d)(?:{_YEAR}{_SEP}{_MONTH}{_SEP}{_DAY}|{_DAY}{_SEP}{_DAY}{_SEP}{_YEAR}"
            rf"|{_YEAR}{_MONTH2}{_DAY2}|{_DAY2}{_MONTH2}{_YEAR})(?!\d)"
        ),
    ),
    (
        "a national identifier (SSN or NHS number)",
        re.compile(r"(?<!\d)(?:\d{3}[- ]\d{2}[- ]\d{4}|\d{3}[- ]\d{3}[- ]\d{4}|\d{10})(?!\d)"),
    ),
)
_WORD_BREAKS = re.compile(r"[-_. ]+")


def code_key(code: str) -> str:
    """What two spellings of one patient's code share: Unicode's canonical caseless
    form ("p-0142" is P-0142, "pé-ss01" is PÉ-ß01, É typed as E and an accent is É)."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", code).casefold())


def _looks_like_a_name(code: str) -> bool:
    """Letters-only words of three letters or more side by side (John_Smith, jane-doe)."""
    words = _WORD_BREAKS.split(code)
    if len(words) == 1:
        return code.isalpha() and len(code) > 3  # Mary
    named = [word.isalpha() and len(word) >= 3 for word in words]
    return any(a and b for a, b in itertools.pairwise(named))


def _name_words(code: str) -> str:
    """The words that made ``code`` look like a name, for the message."""
    words = _WORD_BREAKS.split(code)
    if len(words) == 1:
        return code
    pairs = [
        f"{a}-{b}"
        for a, b in itertools.pairwise(words)
        if a.isalpha() and b.isalpha() and len(a) >= 3 and len(b) >= 3
    ]
    return pairs[0] if pairs else code


def identifying(code: str) -> list[str]:
    """What in ``code`` would identify the patient ("a name", "a date of birth"...)."""
    found = (
        [f"a name ({_name_words(code)}: letter-only words side by side)"]
        if _looks_like_a_name(code)
        else []
    )
    return found + [what for what, pattern in _IDENTIFYING if pattern.search(code)]


@dataclass(frozen=True)
class PatientCodes:
    """The clinic's pattern for pseudonymous patient codes (``patient-code.toml``)."""

    pattern: re.Pattern[str]  # the whole code matches it
    example: str
    rule: str  # the pattern in words, for the refusal

    @classmethod
    def from_setting(cls, pattern: str, example: str) -> PatientCodes:
        """The clinic's setting; ValueError saying what is wrong with it."""
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a regular expression ({exc})") from None
        codes = cls(compiled, example.strip(), f"codes like {example.strip()} (pattern {pattern})")
        try:
            codes.check(example)
        except SessionError as exc:
            raise ValueError(f"the example {example!r} is refused: {exc}") from None
        return codes

    def check(self, code: str) -> str:
        """``code`` trimmed (and composed: NFC); SessionError saying why when it is not
        a pseudonymous code."""
        code = unicodedata.normalize("NFC", code.strip())
        if not code:
            raise SessionError(f"Type the patient's pseudonymous code, e.g. {self.example}.")
        if len(code) > PATIENT_CODE_LIMIT:
            raise SessionError(f"A patient code has at most {PATIENT_CODE_LIMIT} characters.")
        found = identifying(code)
        if found:
            raise SessionError(
                f"That looks like {' and '.join(found)}: use the pseudonymous "
                f"code; a patient code here is {self.rule}."
            )
        if self.pattern.fullmatch(code) is None:
            raise SessionError(f"A patient code here is {self.rule}.")
        return code


DEFAULT_PATIENT_CODES = PatientCodes(
    re.compile(rf"(?=[A-Za-z-]*[0-9])[A-Za-z0-9-]{{1,{PATIENT_CODE_MAX}}}"),
    "P-0142",
    "letters, digits and '-' only (no spaces or names), with at least one digit, "
    f"at most {PATIENT_CODE_MAX} characters, e.g. P-0142",
)


def check_patient_code(code: str, codes: PatientCodes = DEFAULT_PATIENT_CODES) -> str:
    """A pseudonymous code that follows ``codes`` and identifies no one; SessionError if not."""
    return codes.check(code)
