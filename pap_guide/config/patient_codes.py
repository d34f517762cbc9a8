"""The clinic's pattern for patient codes: ``patient-code.toml`` in the data folder.

::

    pattern = "P-[0-9]{4}"   # a regular expression the whole code matches
    example = "P-0142"       # shown in the set-up dialog and in refusals

Without the file, codes are letters, digits and '-' with at least one digit
(``DEFAULT_PATIENT_CODES``). A broken file is named in the window's problems
and the default applies; it never stops a session from starting.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes

FILE_NAME = "patient-code.toml"


def load_patient_codes(data_dir: Path) -> tuple[PatientCodes, str | None]:
    """The clinic's patient codes, and what is wrong with its file (None when nothing is)."""
    path = data_dir / FILE_NAME
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        codes = _from_table(raw)
    except FileNotFoundError:
        return DEFAULT_PATIENT_CODES, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return DEFAULT_PATIENT_CODES, (
            f"Patient codes: {path} not used ({why}); codes are checked against the "
            f"default, {DEFAULT_PATIENT_CODES.rule}."
        )
    return codes, None


def _from_table(raw: dict[str, object]) -> PatientCodes:
    pattern, example = raw.get("pattern"), raw.get("example")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError('it needs pattern = "<regular expression>"')
    if not isinstance(example, str) or not example.strip():
        raise ValueError('it needs example = "<a code that follows the pattern>"')
    unknown = sorted(set(raw) - {"pattern", "example"})
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r}: only pattern and example")
    return PatientCodes.from_setting(pattern, example)
