"""Where a playlist entry points: plain paths, file:// URLs and Windows paths.

Playlists come from other machines. A ``file://`` URL has percent-escapes
(``%20`` for a space, UTF-8 bytes for other letters); a list made on Windows
names ``C:\\Music\\Album\\x.mp3`` or ``\\\\server\\share\\x.mp3``. When such a
path is not there, the music was usually copied along with the playlist, so
the path's tail is tried relative to the playlist's folder, dropping leading
folders one at a time: ``Music/Album/x.mp3``, ``Album/x.mp3``, ``x.mp3``. The
first that exists wins.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PureWindowsPath
from urllib.parse import unquote, urlsplit

_DRIVE = re.compile(r"^[A-Za-z]:")
_UNC = re.compile(r"^(\\\\|//)[^\\/]+[\\/]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_stream(entry: str) -> bool:
    """A URL other than file://: a radio stream or a share that is never played."""
    return bool(_SCHEME.match(entry)) and not entry.lower().startswith("file:")


def is_windows_path(entry: str) -> bool:
    """``C:\\...``, ``C:/...`` or a UNC path ``\\\\server\\share\\...``."""
    return bool(_DRIVE.match(entry) or _UNC.match(entry))


def file_url_path(url: str) -> str:
    """The path a ``file:`` URL names, percent-escapes decoded.

    ``file:///home/x.mp3``, ``file://localhost/home/x.mp3`` and
    ``file:/home/x.mp3`` give ``/home/x.mp3``; ``file:///C:/Music/x.mp3``
    gives ``C:/Music/x.mp3`` and ``file://server/share/x.mp3`` gives
    ``//server/share/x.mp3``, both Windows paths.
    """
    parts = urlsplit(url)
    path = _unescape(parts.path)
    host = parts.netloc
    if host and host.lower() != "localhost":
        return f"//{_unescape(host)}{path}"
    if re.match(r"^/[A-Za-z]:", path):  # file:///C:/...
        return path[1:]
    return path


def _unescape(text: str) -> str:
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:  # escapes of another encoding: keep the bytes as they were
        return unquote(text, encoding="utf-8", errors="surrogateescape")


def candidates(entry: str, folder: Path, *, escaped: bool = False) -> list[Path]:
    """The paths ``entry`` may mean, most likely first.

    Args:
        entry: the text of the playlist entry.
        folder: the playlist's folder; relative entries are relative to it.
        escaped: the entry is a URI reference (XSPF), so a relative one has
            percent-escapes too.
    """
    if entry.lower().startswith("file:"):
        return _path_candidates(file_url_path(entry), folder)
    found = _path_candidates(entry, folder)
    if "%" in entry:
        plain = _path_candidates(_unescape(entry), folder)
        found = plain + found if escaped else found + plain
    return list(dict.fromkeys(found))


def _path_candidates(text: str, folder: Path) -> list[Path]:
    if is_windows_path(text):
        return _windows_candidates(text, folder)
    found = []
    forward = text.replace("\\", "/")
    path = Path(forward)
    found.append(path if path.is_absolute() else folder / path)
    if forward != text:  # a POSIX file name may really hold a backslash
        raw = Path(text)
        found.append(raw if raw.is_absolute() else folder / raw)
    return found


def _windows_candidates(text: str, folder: Path) -> list[Path]:
    windows = PureWindowsPath(text)
    found = [Path(text)] if os.name == "nt" else []
    tail = windows.parts[1:]  # parts[0] is the drive ("C:\\") or the share
    for start in range(len(tail)):
        found.append(folder.joinpath(*tail[start:]))
    return found or [folder / windows.name]


def locate(entry: str, folder: Path, *, escaped: bool = False) -> Path:
    """The first candidate that exists, or the most likely one when none does."""
    found = candidates(entry, folder, escaped=escaped)
    return next((path for path in found if exists(path)), found[0])


def exists(path: Path) -> bool:
    """``path.exists()`` that says no to names no file can have (NUL, too long)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
