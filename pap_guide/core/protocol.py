"""Protocol files: what a session looks like, read from TOML.

A protocol names the session, its planned length and its phases. Every
problem in a file is reported as one :class:`ProtocolError` that names the
file, the place in it and what is wrong, so a clinic can fix it without
reading code.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pap_guide.core.monitor_plan import MonitorPlan, parse_monitor
from pap_guide.core.music_plan import MusicPlan, parse_music
from pap_guide.core.plan_checks import PlanError, number, table, text
from pap_guide.core.rems_plan import RemsPlan, parse_rems
from pap_guide.core.setup_plan import SetupPlan, parse_setup

TOP_KEYS = {
    "name",
    "description",
    "planned_minutes",
    "sources",
    "note",
    "phases",
    "vitals",
    "observations",
    "ratings",
    "requires",
    "checklist",
    "vitals_tick",
    "discharge",
    "doses",
    "rems",
    "music",
}
REQUIRED_TOP = {"name", "planned_minutes", "phases"}
PHASE_KEYS = {"name", "start_minutes", "playlist", "volume", "fade_seconds"}
REQUIRED_PHASE = {"name", "start_minutes", "playlist"}
DEFAULT_VOLUME = 0.7
MAX_PROTOCOL_BYTES = 1024 * 1024
DEFAULT_FADE_SECONDS = 8.0


class ProtocolError(ValueError):
    """A protocol file that cannot be used, with where and why."""

    def __init__(self, source: str, place: str, problem: str) -> None:
        self.source = source
        self.place = place
        self.problem = problem
        where = f"{source}, {place}" if place else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Phase:
    """One phase of the plan, timed from the dose."""

    name: str
    start: float  # seconds after the dose
    playlist: str  # file name, relative to the playlists folder
    volume: float  # target loudness of the phase, 0..1
    fade_seconds: float  # crossfade length into this phase


@dataclass(frozen=True)
class SessionProtocol:
    """A whole protocol: the session's planned shape."""

    key: str  # file stem, used on the command line and in the database
    name: str
    planned_length: float  # seconds after the dose
    phases: tuple[Phase, ...]
    description: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""
    monitor: MonitorPlan = field(default_factory=MonitorPlan)
    setup: SetupPlan = field(default_factory=SetupPlan)
    rems: RemsPlan | None = None  # fill the REMS monitoring form from the record
    music: MusicPlan = field(default_factory=MusicPlan)  # loudness and boundary waits

    def phase_end(self, index: int) -> float:
        """Planned end of phase ``index`` (seconds after the dose)."""
        if index + 1 < len(self.phases):
            return self.phases[index + 1].start
        return self.planned_length


def _phase(
    raw: Any, index: int, source: str, playlist_exists: Callable[[str], bool] | None
) -> Phase:
    place = f"phase {index + 1}"
    if not isinstance(raw, dict):
        raise ProtocolError(source, place, "must be a table ([[phases]])")
    table(raw, PHASE_KEYS, place, REQUIRED_PHASE)
    name = text(raw["name"], f"{place}, name")
    place = f"phase {index + 1} ({name})"
    playlist = text(raw["playlist"], f"{place}, playlist")
    if playlist_exists is not None and not playlist_exists(playlist):
        raise ProtocolError(source, f"{place}, playlist", f"playlist {playlist!r} not found")
    volume = number(raw.get("volume", DEFAULT_VOLUME), f"{place}, volume")
    if volume > 1:
        raise ProtocolError(source, f"{place}, volume", f"must be between 0 and 1, got {volume:g}")
    return Phase(
        name=name,
        start=number(raw["start_minutes"], f"{place}, start_minutes") * 60,
        playlist=playlist,
        volume=volume,
        fade_seconds=number(
            raw.get("fade_seconds", DEFAULT_FADE_SECONDS), f"{place}, fade_seconds"
        ),
    )


def parse_protocol(
    data: Mapping[str, Any],
    key: str,
    source: str,
    playlist_exists: Callable[[str], bool] | None = None,
) -> SessionProtocol:
    """Build a protocol from parsed TOML, or raise :class:`ProtocolError`."""
    try:
        return _protocol(data, key, source, playlist_exists)
    except PlanError as exc:
        raise ProtocolError(source, exc.place, exc.problem) from exc


def _protocol(
    data: Mapping[str, Any],
    key: str,
    source: str,
    playlist_exists: Callable[[str], bool] | None,
) -> SessionProtocol:
    table(data, TOP_KEYS, "top level", REQUIRED_TOP)
    planned = number(data["planned_minutes"], "planned_minutes") * 60
    if planned <= 0:
        raise ProtocolError(source, "planned_minutes", "must be more than 0")
    raw_phases = data["phases"]
    if not isinstance(raw_phases, list) or not raw_phases:
        raise ProtocolError(source, "phases", "needs at least one [[phases]] table")
    phases = tuple(_phase(raw, i, source, playlist_exists) for i, raw in enumerate(raw_phases))
    if phases[0].start != 0:
        raise ProtocolError(
            source,
            f"phase 1 ({phases[0].name}), start_minutes",
            "the first phase must start at the dose (0)",
        )
    for before, after in itertools.pairwise(phases):
        if after.start <= before.start:
            raise ProtocolError(
                source,
                f"phase {phases.index(after) + 1} ({after.name}), start_minutes",
                f"starts at or before {before.name!r}: "
                "phases must be in order and must not overlap",
            )
    if phases[-1].start >= planned:
        raise ProtocolError(
            source,
            f"phase {len(phases)} ({phases[-1].name}), start_minutes",
            "starts at or after the planned end",
        )
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ProtocolError(source, "sources", "must be a list of text")
    return SessionProtocol(
        monitor=parse_monitor(data),
        setup=parse_setup(data),
        rems=parse_rems(data["rems"]) if "rems" in data else None,
        music=parse_music(data["music"]) if "music" in data else MusicPlan(),
        key=key,
        name=text(data["name"], "name"),
        planned_length=planned,
        phases=phases,
        description=str(data.get("description", "")),
        sources=tuple(sources),
        note=str(data.get("note", "")),
    )


def find_playlist(name: str, folders: Sequence[Path]) -> Path | None:
    """The first folder's ``name`` that exists, or None."""
    for folder in folders:
        candidate = folder / name
        if candidate.exists():
            return candidate
    return None


def load_protocol(path: Path, playlist_folders: Sequence[Path] | None = None) -> SessionProtocol:
    """Read one protocol file; playlists are checked when folders are given."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_PROTOCOL_BYTES:
            raise ProtocolError(
                source,
                "",
                f"is too large ({size / 1024**2:.1f} MB); a protocol file is a few kilobytes",
            )
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtocolError(source, "", f"cannot be read ({exc})") from exc
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(source, "", f"is not valid TOML ({exc})") from exc
    exists = None
    if playlist_folders is not None:
        folders = list(playlist_folders)
        exists = lambda name: find_playlist(name, folders) is not None  # noqa: E731
    return parse_protocol(data, path.stem, source, exists)


@dataclass(frozen=True)
class ProtocolCatalog:
    """All protocols found, and the files that could not be used."""

    protocols: dict[str, SessionProtocol]
    errors: tuple[ProtocolError, ...]


def load_catalog(
    protocol_folders: Iterable[Path], playlist_folders: Sequence[Path]
) -> ProtocolCatalog:
    """Load every ``*.toml`` in each protocol folder.

    A later folder's protocol replaces an earlier one with the same key, so a
    clinic's own folder can override a shipped preset.
    """
    found: dict[str, SessionProtocol] = {}
    errors: list[ProtocolError] = []
    for folder in protocol_folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                found[path.stem] = load_protocol(path, playlist_folders)
            except ProtocolError as exc:
                errors.append(exc)
    return ProtocolCatalog(found, tuple(errors))
