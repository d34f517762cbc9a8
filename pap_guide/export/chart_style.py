"""What the window's vitals chart and the PDF's vitals figure share.

One palette, one marker shape per sign, one hour-tick rule and one pair of
value axes, so a reading looks the same on the screen and on paper. Plain
Python (colours as hex strings), so both the ui and the export layers use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from pap_guide.core.vitals import temperature_text

# Okabe-Ito: eight colours that stay apart for the common colour-vision
# deficiencies (Okabe & Ito, "Color Universal Design", 2008).
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# On light backgrounds (the day theme and paper). Yellow is left out: it
# vanishes on white.
LIGHT = {
    "systolic": OKABE_ITO["vermillion"],
    "diastolic": OKABE_ITO["blue"],
    "heart_rate": OKABE_ITO["bluish_green"],
    "spo2": OKABE_ITO["reddish_purple"],
    "resp_rate": OKABE_ITO["sky_blue"],
    "temperature_c": OKABE_ITO["orange"],
}

# On the night theme's near-black: the same hues mixed 72 % with the
# background (#121110), so nothing glares in a dim room. Diastolic takes the
# sky blue (the deep blue is too dark there) and breathing the yellow.
DARK = {
    "systolic": "#9e4804",  # vermillion
    "diastolic": "#4386ac",  # sky blue
    "heart_rate": "#057757",  # bluish green
    "spo2": "#985c7d",  # reddish purple
    "resp_rate": "#b2a934",  # yellow
    "temperature_c": "#ab7704",  # orange
}

# A shape for each sign, so no series is told apart by colour alone.
# Systolic points down and diastolic up, the carets of an anaesthesia record.
MARKERS = {
    "systolic": "down",
    "diastolic": "up",
    "heart_rate": "circle",
    "spo2": "square",
    "resp_rate": "diamond",
    "temperature_c": "cross",
}

# The short names of the cursor label and the limit labels.
NAMES = {
    "systolic": "SBP",
    "diastolic": "DBP",
    "heart_rate": "HR",
    "spo2": "SpO2",
    "resp_rate": "RR",
    "temperature_c": "Temp",
}

# The two value axes have six steps each, so the °C ticks sit on the mmHg
# grid lines: one grid serves both, and no °C line falls between two mmHg
# lines where it could be read as a pressure.
PRESSURE_AXIS, PRESSURE_STEP = (30.0, 210.0), 30.0  # mmHg · /min · %
TEMPERATURE_AXIS, TEMPERATURE_STEP = (35.0, 41.0), 1.0  # °C


def sign_colour(key: str, dark: bool = False) -> str:
    """The colour of one sign's line, marks and limit lines."""
    return (DARK if dark else LIGHT)[key]


def ink(key: str, share: float = 0.3) -> str:
    """A sign's colour darkened for text on a light background.

    Orange and sky blue lines read well on white, but thin letters in them
    do not; the same hue, mixed ``share`` with black, does.
    """
    colour = LIGHT[key]
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - share)):02x}" for c in channels)


def hour_step(hours: float) -> int:
    """Hours between ticks: every hour up to 8 h, every 2 h up to a day, then wider."""
    if hours <= 8:
        return 1
    if hours <= 24:
        return 2
    return math.ceil(hours / 12)


def hour_axis_end(hours: float) -> int:
    """The time axis's end: ``hours`` rounded up to a whole tick (at least 1 h)."""
    end = max(1, math.ceil(hours - 1e-9))
    step = hour_step(end)
    return math.ceil(end / step) * step


def hour_ticks(hours: float) -> list[int]:
    """The labelled ticks of a time axis that holds ``hours``: whole hours from 0."""
    end = hour_axis_end(hours)
    return list(range(0, end + 1, hour_step(end)))


def hour_text(hour: float) -> str:
    return f"{hour:g} h"


def value_axes(
    pressures: Iterable[float], temperatures: Iterable[float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The mmHg and °C axes: the defaults, widened in whole steps to hold the values,
    then the shorter one lengthened at the top so both keep the same number of steps."""
    pressure = _widened(pressures, PRESSURE_AXIS, PRESSURE_STEP)
    temperature = _widened(temperatures, TEMPERATURE_AXIS, TEMPERATURE_STEP)
    steps = max(_steps(pressure, PRESSURE_STEP), _steps(temperature, TEMPERATURE_STEP))
    pressure = (pressure[0], pressure[0] + steps * PRESSURE_STEP)
    temperature = (temperature[0], temperature[0] + steps * TEMPERATURE_STEP)
    return pressure, temperature


def _widened(
    values: Iterable[float], span: tuple[float, float], step: float
) -> tuple[float, float]:
    low, high = span
    for value in values:
        low = min(low, math.floor(value / step) * step)
        high = max(high, math.ceil(value / step) * step)
    return low, high


def _steps(span: tuple[float, float], step: float) -> int:
    return round((span[1] - span[0]) / step)


def limit_text(key: str, word: str, value: float) -> str:
    """A limit line's label, e.g. "SBP max 160" or "Temp max 38 °C"."""
    unit = " °C" if key == "temperature_c" else ""
    return f"{NAMES[key]} {word} {value:g}{unit}"


def reading_text(seconds: float, values: Mapping[str, float], when: str = "") -> str:
    """Every value of one reading, for the time cursor: a dash where none was taken.

    ``when`` names the time as the log does ("pre-dose 01:17" for a baseline,
    which has no session time); without it, the session time is shown.
    """
    whole = math.floor(max(seconds, 0.0) / 60)
    parts = [when or f"T+{whole // 60}:{whole % 60:02d}"]
    for key, name in NAMES.items():
        value = values.get(key)
        if value is None:
            shown = "–"
        else:
            shown = temperature_text(value) if key == "temperature_c" else f"{value:g}"
        parts.append(f"{name} {shown}")
    return "  ".join(parts)
