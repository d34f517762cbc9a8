from pathlib import Path

import pytest

from pap_guide.config.locations import Locations
from pap_guide.core.protocol import ProtocolError, load_catalog, load_protocol, parse_protocol

GOOD = """
name = "Test"
planned_minutes = 60
[[phases]]
name = "A"
start_minutes = 0
playlist = "a.m3u8"
[[phases]]
name = "B"
start_minutes = 30
playlist = "b.m3u8"
volume = 0.5
fade_seconds = 4
"""


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    protocols, playlists = tmp_path / "protocols", tmp_path / "playlists"
    protocols.mkdir()
    playlists.mkdir()
    for name in ("a.m3u8", "b.m3u8"):
        (playlists / name).write_text("#EXTM3U\n")
    return protocols, playlists


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_protocol_loads(folders):
    protocols, playlists = folders
    protocol = load_protocol(write(protocols, "test.toml", GOOD), [playlists])
    assert protocol.key == "test"
    assert [p.name for p in protocol.phases] == ["A", "B"]
    assert protocol.phases[1].start == 1800
    assert protocol.phases[0].volume == 0.7  # default
    assert protocol.phases[1].fade_seconds == 4
    assert protocol.phase_end(0) == 1800
    assert protocol.phase_end(1) == 3600


def test_shipped_standard_protocol_matches_the_plan():
    locations = Locations(Path("/nonexistent-user-folder"))
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    assert catalog.errors == ()
    standard = catalog.protocols["standard-6h"]
    assert standard.planned_length == 6 * 3600
    assert [p.name for p in standard.phases] == [
        "Introspection",
        "Peak",
        "Release",
        "Return to calm",
    ]
    assert [p.start / 60 for p in standard.phases] == [0, 135, 210, 315]
    assert any("Bonny" in source for source in standard.sources)


BAD_CASES = {
    "bad TOML": ("name = 'x\n", "", "is not valid TOML"),
    "unknown top key": ("colour = 'red'\n" + GOOD, "top level", "unknown key 'colour'"),
    "unknown phase key": (
        GOOD.replace("volume = 0.5", "volume = 0.5\nloud = 1"),
        "phase 2",
        "unknown key 'loud'",
    ),
    "missing name": (GOOD.replace('name = "Test"', ""), "top level", "missing required key 'name'"),
    "out of order": (
        GOOD.replace("start_minutes = 30", "start_minutes = 0"),
        "phase 2 (B), start_minutes",
        "must be in order",
    ),
    "negative time": (
        GOOD.replace("start_minutes = 30", "start_minutes = -5"),
        "phase 2 (B), start_minutes",
        "must not be negative, got -5",
    ),
    "text time": (
        GOOD.replace("start_minutes = 30", 'start_minutes = "half"'),
        "phase 2 (B), start_minutes",
        "must be a number",
    ),
    "boolean time": (
        GOOD.replace("planned_minutes = 60", "planned_minutes = true"),
        "planned_minutes",
        "must be a number",
    ),
    "nan time": (
        GOOD.replace("planned_minutes = 60", "planned_minutes = nan"),
        "planned_minutes",
        "finite",
    ),
    "missing playlist": (
        GOOD.replace("b.m3u8", "nope.m3u8"),
        "phase 2 (B), playlist",
        "'nope.m3u8' not found",
    ),
    "phase past the end": (
        GOOD.replace("planned_minutes = 60", "planned_minutes = 20"),
        "phase 2 (B), start_minutes",
        "after the planned end",
    ),
    "first phase late": (
        GOOD.replace("start_minutes = 0", "start_minutes = 5"),
        "phase 1 (A), start_minutes",
        "must start at the dose",
    ),
    "volume too high": (
        GOOD.replace("volume = 0.5", "volume = 3"),
        "phase 2 (B), volume",
        "between 0 and 1",
    ),
    "unknown vitals key": (GOOD + "[vitals]\nevery = 30\n", "vitals", "unknown key 'every'"),
    "alert not a number": (
        GOOD + "[vitals.alert]\nsystolic_max = 'high'\n",
        "vitals.alert, systolic_max",
        "must be a number",
    ),
    "negative schedule": (
        GOOD + "[vitals]\nevery_minutes = -30\n",
        "vitals, every_minutes",
        "must not be negative",
    ),
    "rating backwards": (
        GOOD + "[[ratings]]\nname = 'SUDS'\nlow = 10\nhigh = 0\n",
        "rating 1",
        "high must be above low",
    ),
    "observations not a list": ("observations = 'nausea'\n" + GOOD, "observations", "list of text"),
    "no phases": ('name = "x"\nplanned_minutes = 10\nphases = []\n', "phases", "at least one"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_protocol_names_file_place_and_problem(folders, case):
    protocols, playlists = folders
    text, place, problem = BAD_CASES[case]
    with pytest.raises(ProtocolError) as info:
        load_protocol(write(protocols, "broken.toml", text), [playlists])
    error = info.value
    assert error.source == "broken.toml"
    assert error.place == place
    assert problem in error.problem
    assert str(error).startswith("broken.toml")


def test_unreadable_file_is_one_clear_error(folders):
    protocols, _ = folders
    path = protocols / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProtocolError, match=r"binary\.toml: cannot be read"):
        load_protocol(path)


def test_catalog_keeps_good_protocols_beside_broken_ones(folders):
    protocols, playlists = folders
    write(protocols, "good.toml", GOOD)
    write(protocols, "broken.toml", "not = [toml")
    catalog = load_catalog([protocols], [playlists])
    assert list(catalog.protocols) == ["good"]
    assert len(catalog.errors) == 1
    assert catalog.errors[0].source == "broken.toml"


def test_later_folder_overrides_shipped_protocol(folders, tmp_path):
    protocols, playlists = folders
    write(protocols, "same.toml", GOOD)
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    write(clinic, "same.toml", GOOD.replace('name = "Test"', 'name = "Clinic"'))
    catalog = load_catalog([protocols, clinic], [playlists])
    assert catalog.protocols["same"].name == "Clinic"


def test_parse_protocol_without_playlist_check():
    protocol = parse_protocol(
        {
            "name": "x",
            "planned_minutes": 10,
            "phases": [{"name": "a", "start_minutes": 0, "playlist": "whatever"}],
        },
        "x",
        "x.toml",
    )
    assert protocol.phases[0].playlist == "whatever"


def test_monitor_plan_defaults_and_standard_values(folders):
    protocols, playlists = folders
    bare = load_protocol(write(protocols, "bare.toml", GOOD), [playlists])
    assert bare.monitor.checks is None
    assert "nausea" in bare.monitor.observations
    assert bare.monitor.ratings[0].name == "SUDS"
    locations = Locations(Path("/nonexistent-user-folder"))
    standard = load_catalog(locations.protocol_folders, locations.playlist_folders).protocols[
        "standard-6h"
    ]
    assert standard.monitor.checks.every_minutes == 30
    assert standard.monitor.alerts.limits["systolic"] == (None, 160)
    assert standard.monitor.alerts.repeat_minutes == 15
