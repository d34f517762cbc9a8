"""Playlists: M3U, M3U8, PLS, XSPF and plain folders of audio files.

Entries are resolved relative to the playlist's folder; file:// URLs and
Windows paths are understood (see :mod:`pap_guide.core.playlist_paths`).
Entries that are missing, unreadable or not audio are reported as problems
that name the playlist and the line, and left out, so a bad entry never
stalls the music.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pap_guide.core.playlist_formats import (
    Entry,
    PlaylistFormatError,
    decode,
    parse_m3u,
    parse_pls,
    parse_xspf,
)
from pap_guide.core.playlist_paths import exists, is_stream, locate
from pap_guide.core.private_files import write_private
from pap_guide.core.protocol import SessionProtocol

AUDIO_SUFFIXES = frozenset(
    {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav", ".m4a", ".aac", ".wma", ".aif", ".aiff"}
)
PLAYLIST_SUFFIXES = frozenset({".m3u", ".m3u8", ".pls", ".xspf"})
MAX_PLAYLIST_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Track:
    path: Path
    title: str
    seconds: float | None = None  # from the playlist (#EXTINF) until media parsing says
    line: int | None = field(default=None, compare=False)  # where the playlist names it


@dataclass(frozen=True)
class Playlist:
    name: str
    source: Path
    tracks: tuple[Track, ...]
    problems: tuple[str, ...] = field(default=())

    def where(self, track: Track) -> str:
        """``morning.m3u8 line 7``: how a problem with ``track`` names its place."""
        if track.line is None:
            return self.source.name
        return f"{self.source.name} line {track.line}"


def _problem(path: Path, entry: str) -> str | None:
    """What keeps ``path`` (written ``entry``) from being played, or None."""
    if is_stream(entry):
        return "streams are not played, only local files"
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        return "not an audio file"
    if not exists(path):
        return "file not found"
    if path.is_dir():
        return "a folder, not a file"
    try:
        with path.open("rb") as handle:
            if not handle.read(16):
                return "file is empty"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


def _read(source: Path) -> tuple[list[Entry], list[str]]:
    with source.open("rb") as handle:
        data = handle.read(MAX_PLAYLIST_BYTES + 1)
    if len(data) > MAX_PLAYLIST_BYTES:
        size = max(source.stat().st_size, len(data))
        raise PlaylistFormatError(
            f"too large ({size / 1024**2:.1f} MB) for a playlist "
            f"(at most {MAX_PLAYLIST_BYTES // 1024**2} MB)"
        )
    suffix = source.suffix.lower()
    if suffix == ".xspf" or (suffix not in PLAYLIST_SUFFIXES and data.lstrip().startswith(b"<")):
        return parse_xspf(data)
    text = decode(data, legacy=suffix in (".m3u", ".pls"))
    if suffix == ".pls":
        return parse_pls(text)
    return parse_m3u(text)


def _folder_entries(source: Path) -> list[Entry]:
    return [
        Entry((p.name,), None, None, None, "")
        for p in sorted(source.iterdir())
        if p.suffix.lower() in AUDIO_SUFFIXES
    ]


def load_playlist(source: Path) -> Playlist:
    """Read a playlist file or folder; never raises for bad entries."""
    notes: list[str] = []
    try:
        if source.is_dir():
            folder, entries = source, _folder_entries(source)
        else:
            folder, (entries, notes) = source.parent, _read(source)
    except (OSError, PlaylistFormatError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        return Playlist(source.stem, source, (), (f"{source.name}: cannot be read ({reason})",))
    problems = [f"{source.name} {note}" for note in notes]
    tracks = []
    escaped = source.suffix.lower() == ".xspf"  # XSPF locations are URIs, escapes and all
    for entry in entries:
        track, problem = _track(entry, folder, escaped)
        if track is not None:
            tracks.append(track)
        else:
            where = f"{source.name} {entry.where}" if entry.where else source.name
            problems.append(f"{where}: {entry.locations[0]}: {problem}")
    if not tracks and not problems:
        problems.append(f"{source.name}: no tracks")
    return Playlist(source.stem, source, tuple(tracks), tuple(problems))


def _track(entry: Entry, folder: Path, escaped: bool) -> tuple[Track | None, str | None]:
    """The entry's first playable location as a track, else why the first is not."""
    first: str | None = None
    for index, location in enumerate(entry.locations):
        path = locate(location, folder, escaped=escaped)
        problem = _problem(path, location)
        if problem is None:
            title = entry.title or path.stem
            return Track(path, title, entry.seconds, entry.line_of(index)), None
        first = first or problem
    return None, first


def write_m3u8(target: Path, tracks: list[Track]) -> None:
    """Save ``tracks`` as a standard extended M3U8, with paths relative to it.

    The file is written beside the target and renamed over it, so a crash
    never leaves half a playlist; it is readable by its owner only.
    """
    lines = ["#EXTM3U"]
    for track in tracks:
        try:
            entry = Path(os.path.relpath(track.path.resolve(), target.parent.resolve()))
        except ValueError:  # another drive on Windows
            entry = track.path.resolve()
        length = round(track.seconds) if track.seconds else -1
        lines.append(f"#EXTINF:{length},{track.title}")
        lines.append(entry.as_posix())
    write_private(target, ("\n".join(lines) + "\n").encode("utf-8"))


class PlaylistLibrary:
    """Finds and caches each phase's playlist; ``forget()`` after an edit."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._cache: dict[Path, Playlist] = {}

    def locate(self, name: str) -> Path | None:
        for folder in self.folders:
            if (folder / name).exists():
                return folder / name
        return None

    def load(self, name: str) -> Playlist:
        path = self.locate(name)
        if path is None:
            return Playlist(Path(name).stem, Path(name), (), (f"{name}: playlist not found",))
        if path not in self._cache:
            self._cache[path] = load_playlist(path)
        return self._cache[path]

    def for_phase(self, protocol: SessionProtocol, index: int) -> Playlist:
        return self.load(protocol.phases[index].playlist)

    def tracks_of(self, protocols: Iterable[SessionProtocol]) -> list[Path]:
        """Every track of every phase of ``protocols``, once each, in order."""
        return list(
            dict.fromkeys(
                track.path
                for protocol in protocols
                for index in range(len(protocol.phases))
                for track in self.for_phase(protocol, index).tracks
            )
        )

    def forget(self) -> None:
        self._cache.clear()
