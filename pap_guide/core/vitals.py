"""Vital signs: parsing what was typed, refusing the impossible, flagging the high.

Plausibility (values no living patient can have) refuses an entry, with a
reason next to the field. Protocol limits flag a reading that was saved. The
numbers come from files (see ``plausibility.toml`` and the protocols), never
from this code.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ("systolic", "diastolic", "heart_rate", "spo2", "resp_rate", "temperature_c")
LABELS = {
    "systolic": "Systolic pressure",
    "diastolic": "Diastolic pressure",
    "heart_rate": "Heart rate",
    "spo2": "SpO2",
    "resp_rate": "Respiratory rate",
    "temperature_c": "Temperature",
}
UNITS = {
    "systolic": "mmHg",
    "diastolic": "mmHg",
    "heart_rate": "/min",
    "spo2": "%",
    "resp_rate": "/min",
    "temperature_c": "°C",
}
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
class Reading:
    """A set of vitals as saved: Celsius always, with what was typed."""

    values: dict[str, float]
    entered: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    """Why an entry cannot be saved: one message per field."""

    errors: dict[str, str]

    def message(self) -> str:
        return " ".join(self.errors.values())


def f_to_c(value: float) -> float:
    return (value - 32.0) * 5.0 / 9.0


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)  # ValueError for non-numbers, caught by the caller
    if not math.isfinite(value):
        raise ValueError(cleaned)
    return value


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
        except ValueError:
            errors[name] = f"{LABELS[name]}: '{text.strip()[:20]}' is not a number."
            continue
        if value is None:
            continue
        if name == "temperature_c" and fahrenheit:
            entered[name] = f"{text.strip()} °F"
            value = f_to_c(value)
        limits = plausible[name]
        if value not in limits:
            shown = f"{limits.low:g}–{limits.high:g} {UNITS[name]}"
            errors[name] = f"{LABELS[name]}: {text.strip()} is not possible (expected {shown})."
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
                found.append(f"{LABELS[name]} {value:g} {UNITS[name]} above {high:g}")
            if low is not None and value < low:
                found.append(f"{LABELS[name]} {value:g} {UNITS[name]} below {low:g}")
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
