"""A protocol's vitals alert limits lie inside what a patient can have, or it is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from pap_guide.core.protocol import ProtocolError, load_protocol
from pap_guide.core.vitals import FIELDS, SIGNS
from tests.core.test_protocol import GOOD, write


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    protocols, playlists = tmp_path / "protocols", tmp_path / "playlists"
    protocols.mkdir()
    playlists.mkdir()
    for name in ("a.m3u8", "b.m3u8"):
        (playlists / name).write_text("#EXTM3U\n")
    return protocols, playlists


def alert(lines: str) -> str:
    return GOOD + "[vitals.alert]\n" + lines + "\n"


BAD_CASES = {
    "systolic typed 1600 for 160": (
        alert("systolic_max = 1600"),
        "vitals.alert, systolic_max",
        "1600 mmHg is outside what is plausible for Systolic pressure: 40–300 mmHg",
    ),
    "spo2 typed 9 for 90": (
        alert("spo2_min = 9"),
        "vitals.alert, spo2_min",
        "9 % is outside what is plausible for SpO2: 40–100 %",
    ),
    "temperature in Fahrenheit": (
        alert("temperature_c_max = 100.4"),
        "vitals.alert, temperature_c_max",
        "100.4 °C is outside what is plausible for Temperature: 25–45 °C",
    ),
    "heart rate low limit of zero": (
        alert("heart_rate_min = 0"),
        "vitals.alert, heart_rate_min",
        "outside what is plausible",
    ),
    "diastolic max over the top": (
        alert("diastolic_min = 50\ndiastolic_max = 1000"),
        "vitals.alert, diastolic_max",
        "1000 mmHg",
    ),
    "resp rate just above": (alert("resp_rate_max = 80.5"), "vitals.alert, resp_rate_max", "2–80"),
    "low above high": (
        alert("heart_rate_min = 120\nheart_rate_max = 50"),
        "vitals.alert, heart_rate_min",
        "must be below heart_rate_max (120 >= 50)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_implausible_alert_limits_are_refused_naming_the_field(folders, case):
    protocols, playlists = folders
    text, place, problem = BAD_CASES[case]
    with pytest.raises(ProtocolError) as info:
        load_protocol(write(protocols, "broken.toml", text), [playlists])
    error = info.value
    assert error.source == "broken.toml"
    assert error.place == place
    assert problem in error.problem
    assert str(error).startswith("broken.toml")


def test_limits_at_the_edges_of_the_plausible_range_load(folders):
    protocols, playlists = folders
    lines = "\n".join(
        f"{name}_min = {SIGNS[name].plausible.low:g}\n{name}_max = {SIGNS[name].plausible.high:g}"
        for name in FIELDS
    )
    protocol = load_protocol(write(protocols, "edges.toml", alert(lines)), [playlists])
    assert protocol.monitor.alerts.limits["spo2"] == (40, 100)
    assert protocol.monitor.alerts.limits["temperature_c"] == (25, 45)


def test_a_broken_alert_table_leaves_the_other_protocols_loaded(folders):
    from pap_guide.core.protocol import load_catalog

    protocols, playlists = folders
    write(protocols, "good.toml", alert("systolic_max = 160\nspo2_min = 92"))
    write(protocols, "broken.toml", alert("systolic_max = 1600"))
    catalog = load_catalog([protocols], [playlists])
    assert list(catalog.protocols) == ["good"]
    assert [e.place for e in catalog.errors] == ["vitals.alert, systolic_max"]
