"""Vital signs: parsing what was typed, refusing the impossible, flagging the high.

Plausibility (values no living patient can have) refuses an entry, with a
reason next to the field. Protocol limits flag a reading that was saved. The
numbers come from files (see ``plausibility.toml`` and the protocols), never
from this code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PLAUSIBILITY_FILE = Path(__file__).with_name("plausibility.toml")


@dataclass(frozen=True)
class Range:
    low: float
    high: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


def load_plausibility(path: Path = PLAUSIBILITY_FILE) -> dict[str, Range]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: Range(float(v["low"]), float(v["high"])) for name, v in data["limits"].items()}


@dataclass(frozen=True)
class VitalSign:
    """One vital sign, as every form, chart, report and export names it."""

    key: str  # as saved in the database
    label: str
    short: str  # column heads and chart legends
    unit: str  # as shown
    ucum: str  # FHIR valueQuantity code
    loinc: str
    loinc_display: str
    plausible: Range  # outside this, a typing mistake (plausibility.toml)
    pressure_axis: bool = True  # drawn on the mmHg · /min · % axis (else °C)


def _signs() -> tuple[VitalSign, ...]:
    ranges = load_plausibility()
    rows = (  # key, label, short, unit, UCUM, LOINC, LOINC display
        ("systolic", "Systolic pressure", "Sys", "mmHg", "mm[Hg]", "8480-6",
         "Systolic blood pressure"),
        ("diastolic", "Diastolic pressure", "Dia", "mmHg", "mm[Hg]", "8462-4",
         "Diastolic blood pressure"),
        ("heart_rate", "Heart rate", "HR", "/min", "/min", "8867-4", "Heart rate"),
        ("spo2", "SpO2", "SpO2", "%", "%", "2708-6", "Oxygen saturation in Arterial blood"),
        ("resp_rate", "Respiratory rate", "RR", "/min", "/min", "9279-1", "Respiratory rate"),
        ("temperature_c", "Temperature", "Temp", "°C", "Cel", "8310-5", "Body temperature"),
    )  # fmt: skip
    return tuple(
        VitalSign(*row, plausible=ranges[row[0]], pressure_axis=row[0] != "temperature_c")
        for row in rows
    )


VITAL_SIGNS = _signs()
SIGNS = {sign.key: sign for sign in VITAL_SIGNS}
FIELDS = tuple(SIGNS)


@dataclass(frozen=True)
class Reading:
    """A set of vitals as saved: Celsius always, with what was typed."""

    values: dict[str, float]
    entered: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Reading:
        """The reading a vitals entry holds (its ``data`` as saved)."""
        values = {str(k): float(v) for k, v in dict(data.get("values", {})).items()}
        return cls(values, {str(k): str(v) for k, v in dict(data.get("entered", {})).items()})

    def data(self) -> dict[str, Any]:
        """As saved in an entry."""
        return {"values": dict(self.values), "entered": dict(self.entered)}

    def text(self) -> str:
        """One line: BP 120/80, HR 72, SpO2 98%, RR 14, T 36.8 °C."""
        values, parts = self.values, []
        if "systolic" in values and "diastolic" in values:
            parts.append(f"BP {values['systolic']:g}/{values['diastolic']:g}")
        for key in ("heart_rate", "spo2", "resp_rate"):
            if key in values:
                unit = "%" if SIGNS[key].unit == "%" else ""
                parts.append(f"{SIGNS[key].short} {values[key]:g}{unit}")
        if "temperature_c" in values:
            shown = f"{temperature_text(values['temperature_c'])} °C"
            if "temperature_c" in self.entered:
                shown += f" (typed {self.entered['temperature_c']})"
            parts.append(f"T {shown}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Refusal:
    """Why an entry cannot be saved: one message per field."""

    errors: dict[str, str]

    def message(self) -> str:
        return " ".join(self.errors.values())


def temperature_text(celsius: float) -> str:
    """One decimal as thermometers show it, two where the reading has two: 38.04
    shown as 38.0 hid that it was over a limit of 38 (readings keep two decimals)."""
    one = f"{celsius:.1f}"
    return one if float(one) == celsius else f"{celsius:.2f}"


def f_to_c(value: float) -> float:
    return (value - 32.0) * 5.0 / 9.0


def c_to_f(value: float) -> float:
    return value * 9.0 / 5.0 + 32.0


# A vital is typed as a plain decimal number: digits of any script (Arabic-Indic
# ٣٧ as well as 37), at most one decimal separator, "." or ",", and at most two
# digits after it (values are kept to two decimals, so a third would be changed,
# and "1,200" or "1.200" would be a thousands separator read as a decimal).
# float() alone takes far more: "1_20", "1e2", "inf", "nan" and signs, each a
# typing mistake that would be saved as a number.
_MINUS_SIGNS = "-\u2212\ufe63\uff0d"
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
EXPECTED = "digits, with at most one . or , and two decimals (like 72 or 36.8)"


def _number(text: str) -> float | None:
    """The value of a typed vital, None when nothing was typed.

    Raises ValueError whose message says what is wrong and what is expected.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned[0] in _MINUS_SIGNS:
        raise ValueError(f"is negative: no vital sign is below zero; type {EXPECTED}")
    ascii_form = "".join(
        "." if ch in ".," else str(unicodedata.decimal(ch)) if ch.isdecimal() else "?"
        for ch in cleaned
    )
    if _PLAIN.fullmatch(ascii_form) is None:
        raise ValueError(
            f"is not a number ({_what_is_wrong(cleaned, ascii_form)}); type {EXPECTED}"
        )
    return float(ascii_form)


def _what_is_wrong(cleaned: str, ascii_form: str) -> str:
    stray = next(
        (ch for ch, mapped in zip(cleaned, ascii_form, strict=True) if mapped == "?"), None
    )
    decimals = ascii_form.partition(".")[2]
    if stray is not None:
        return "a space inside" if stray.isspace() else f"'{stray}' is not a digit"
    if ascii_form.count(".") > 1:
        return "more than one . or ,: no thousands separator"
    if len(decimals) == 3:
        return "three digits after the . or ,: no thousands separator"
    if len(decimals) > 3:
        return "more than two decimals"
    return "a digit is missing next to the . or ,"


def shown_typed(text: str, most: int = 24) -> str:
    """What was typed, for a message: trimmed, long input shortened with an ellipsis."""
    typed = text.strip()
    return typed if len(typed) <= most else typed[: most - 1] + "…"


def parse_vitals(
    typed: Mapping[str, str], fahrenheit: bool, plausible: Mapping[str, Range]
) -> Reading | Refusal:
    """Turn typed text into a reading, or say what is wrong with each field."""
    errors: dict[str, str] = {}
    values: dict[str, float] = {}
    entered: dict[str, str] = {}
    for name in FIELDS:
        text = typed.get(name, "")
        try:
            value = _number(text)
        except ValueError as wrong:
            errors[name] = f"{SIGNS[name].label}: '{shown_typed(text)}' {wrong}."
            continue
        if value is None:
            continue
        if name == "temperature_c" and fahrenheit:
            entered[name] = f"{text.strip()} °F"
            value = f_to_c(value)
        limits = plausible[name]
        if value not in limits:
            shown = f"{limits.low:g}–{limits.high:g} {SIGNS[name].unit}"
            if name == "temperature_c" and fahrenheit:  # in the unit it was typed in
                shown = f"{c_to_f(limits.low):.1f}–{c_to_f(limits.high):.1f} °F"
            errors[name] = (
                f"{SIGNS[name].label}: {shown_typed(text)} is not possible (expected {shown})."
            )
            continue
        values[name] = round(value, 2)
    if not errors and not values:
        errors["systolic"] = "Type at least one value."
    if "systolic" in values and "diastolic" in values and values["diastolic"] >= values["systolic"]:
        errors["diastolic"] = "Diastolic pressure must be below systolic."
    if ("systolic" in values) != ("diastolic" in values) and not errors:
        missing = "diastolic" if "systolic" in values else "systolic"
        errors[missing] = "Blood pressure needs both systolic and diastolic."
    return Refusal(errors) if errors else Reading(values, entered)


@dataclass(frozen=True)
class AlertLimits:
    """Protocol limits that flag a saved reading: name -> (low, high), either None."""

    limits: dict[str, tuple[float | None, float | None]]
    repeat_minutes: float | None = None
    source: str = ""

    def flags(self, reading: Mapping[str, float]) -> list[str]:
        found = []
        for name, value in reading.items():
            low, high = self.limits.get(name, (None, None))
            if high is not None and value > high:
                found.append(f"{SIGNS[name].label} {value:g} {SIGNS[name].unit} above {high:g}")
            if low is not None and value < low:
                found.append(f"{SIGNS[name].label} {value:g} {SIGNS[name].unit} below {low:g}")
        return found


def sign_flags(values: Mapping[str, float], flags: Sequence[str]) -> dict[str, list[str]]:
    """Which of a reading's ``flags`` speak of which sign, read from their words
    (``AlertLimits.flags`` starts each with "<label> <value> <unit> ")."""
    found: dict[str, list[str]] = {}
    for key, value in values.items():
        sign = SIGNS.get(key)
        if sign is None:
            continue
        start = f"{sign.label} {value:g} {sign.unit} "
        mine = [flag for flag in flags if flag.startswith(start)]
        if mine:
            found[key] = mine
    return found


def parse_alert_limits(raw: Mapping[str, Any]) -> AlertLimits:
    limits: dict[str, tuple[float | None, float | None]] = {}
    for name in FIELDS:
        low, high = raw.get(f"{name}_min"), raw.get(f"{name}_max")
        if low is not None or high is not None:
            limits[name] = (
                None if low is None else float(low),
                None if high is None else float(high),
            )
    repeat = raw.get("repeat_minutes")
    return AlertLimits(
        limits, None if repeat is None else float(repeat), str(raw.get("source", ""))
    )
