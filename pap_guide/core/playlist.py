"""Playlists: M3U, M3U8, PLS and plain folders of audio files.

Entries are resolved relative to the playlist's folder. Entries that are
missing, unreadable or not audio are reported as problems and left out, so a
bad entry never stalls the music.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from pap_guide.core.private_files import write_private
from pap_guide.core.protocol import SessionProtocol

AUDIO_SUFFIXES = frozenset(
    {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav", ".m4a", ".aac", ".wma", ".aif", ".aiff"}
)
MAX_PLAYLIST_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Track:
    path: Path
    title: str
    seconds: float | None = None  # from the playlist (#EXTINF) until media parsing says


@dataclass(frozen=True)
class Playlist:
    name: str
    source: Path
    tracks: tuple[Track, ...]
    problems: tuple[str, ...] = field(default=())


def _resolve(entry: str, folder: Path) -> Path:
    if entry.startswith("file:"):
        return Path(unquote(urlparse(entry).path))
    path = Path(entry.replace("\\", "/"))
    return path if path.is_absolute() else folder / path


def _check(path: Path, label: str, problems: list[str]) -> bool:
    if "://" in label and not label.startswith("file:"):
        problems.append(f"{label}: streams are not played, only local files")
        return False
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        problems.append(f"{label}: not an audio file")
        return False
    if not path.is_file():
        problems.append(f"{label}: file not found")
        return False
    try:
        with path.open("rb") as handle:
            if not handle.read(16):
                problems.append(f"{label}: file is empty")
                return False
    except OSError as exc:
        problems.append(f"{label}: cannot be read ({exc.strerror or exc})")
        return False
    return True


def _m3u(text: str) -> list[tuple[str, str | None, float | None]]:
    entries: list[tuple[str, str | None, float | None]] = []
    title: str | None = None
    seconds: float | None = None
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if line.upper().startswith("#EXTINF:"):
            length, _, name = line[8:].partition(",")
            try:
                seconds = float(length) if float(length) > 0 else None
            except ValueError:
                seconds = None
            title = name.strip() or None
        elif line and not line.startswith("#"):
            entries.append((line, title, seconds))
            title, seconds = None, None
    return entries


def _pls(text: str) -> list[tuple[str, str | None, float | None]]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(text)
    section = next((s for s in parser.sections() if s.lower() == "playlist"), None)
    if section is None:
        raise ValueError("no [playlist] section")
    items = parser[section]
    entries = []
    numbers = sorted(int(k[4:]) for k in items if k.lower().startswith("file") and k[4:].isdigit())
    for n in numbers:
        length = items.get(f"length{n}", "")
        try:
            seconds: float | None = float(length) if float(length) > 0 else None
        except ValueError:
            seconds = None
        entries.append((items[f"file{n}"], items.get(f"title{n}"), seconds))
    return entries


def load_playlist(source: Path) -> Playlist:
    """Read a playlist file or folder; never raises for bad entries."""
    problems: list[str] = []
    raw: list[tuple[str, str | None, float | None]]
    if source.is_dir():
        raw = [
            (p.name, None, None)
            for p in sorted(source.iterdir())
            if p.suffix.lower() in AUDIO_SUFFIXES
        ]
        folder = source
    else:
        folder = source.parent
        try:
            size = source.stat().st_size
            if size > MAX_PLAYLIST_BYTES:
                raise ValueError(f"too large ({size / 1024**2:.1f} MB) for a playlist")
            text = source.read_bytes().decode("utf-8-sig")
            raw = _pls(text) if source.suffix.lower() == ".pls" else _m3u(text)
        except (OSError, UnicodeDecodeError, ValueError, configparser.Error) as exc:
            return Playlist(source.stem, source, (), (f"{source.name}: cannot be read ({exc})",))
    tracks = []
    for entry, title, seconds in raw:
        path = _resolve(entry, folder)
        if _check(path, entry, problems):
            tracks.append(Track(path, title or path.stem, seconds))
    if not tracks and not problems:
        problems.append(f"{source.name}: no tracks")
    return Playlist(source.stem, source, tuple(tracks), tuple(problems))


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

    def forget(self) -> None:
        self._cache.clear()
