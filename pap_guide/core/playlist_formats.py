"""Reading playlist files: M3U/M3U8, PLS and XSPF, each entry with its line.

Parsers return :class:`Entry` items and problems that name where they are
(``line 7: ...``); the loader in :mod:`pap_guide.core.playlist` puts the
playlist's name in front and resolves the entries to files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

_LINES = re.compile(r"\r\n|\r|\n")  # not str.splitlines: \x0c or \u2028 would shift line numbers
XSPF_NS = "http://xspf.org/ns/0/"


class PlaylistFormatError(ValueError):
    """The playlist as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One entry as written: where it points, what it says of itself, where it is.

    ``locations`` holds more than one item only for an XSPF track with
    several ``<location>`` elements: the first that exists is played, and
    ``lines`` says where each is.
    """

    locations: tuple[str, ...]
    title: str | None
    seconds: float | None
    line: int | None
    where: str  # "line 7", or "track 3, line 14" for XSPF
    lines: tuple[int, ...] = ()

    def line_of(self, index: int) -> int | None:
        """The line of ``locations[index]``."""
        return self.lines[index] if index < len(self.lines) else self.line


def decode(data: bytes, *, legacy: bool) -> str:
    """The text of a playlist file: UTF-8 (a BOM is dropped).

    Args:
        data: the file's bytes.
        legacy: the format predates UTF-8 (``.m3u``, ``.pls``): Windows
            players wrote them in the Windows code page, so that is tried
            when the bytes are not UTF-8.
    """
    if b"\0" in data:
        raise PlaylistFormatError("not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if legacy:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        raise PlaylistFormatError(f"not UTF-8 text (byte {exc.start + 1})") from None


def lines(text: str) -> list[tuple[int, str]]:
    """(line number from 1, stripped text) for every line, CRLF, CR or LF."""
    return [(n, raw.strip()) for n, raw in enumerate(_LINES.split(text), start=1)]


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 < value < float("inf") else None


def parse_m3u(text: str) -> tuple[list[Entry], list[str]]:
    """M3U and extended M3U: ``#EXTINF:<seconds>[ attributes],<title>`` before an entry."""
    entries: list[Entry] = []
    title: str | None = None
    seconds: float | None = None
    for number, line in lines(text):
        if line.upper().startswith("#EXTINF:"):
            info, _, name = line[8:].partition(",")
            seconds = _seconds(info.split(maxsplit=1)[0] if info.strip() else "")
            title = name.strip() or None
        elif line and not line.startswith("#"):
            entries.append(Entry((line,), title, seconds, number, f"line {number}"))
            title, seconds = None, None
    return entries, []


_PLS_KEY = re.compile(r"^(file|title|length)(\d+)$")


def parse_pls(text: str) -> tuple[list[Entry], list[str]]:
    """PLS: a ``[playlist]`` section of ``FileN``, ``TitleN``, ``LengthN``, ``NumberOfEntries``."""
    section: str | None = None
    seen_playlist = False
    files: dict[int, tuple[str, int]] = {}
    extra: dict[str, str] = {}
    declared: tuple[str, int] | None = None
    problems: list[str] = []
    for number, line in lines(text):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            seen_playlist = seen_playlist or section == "playlist"
            continue
        if section != "playlist" or not line or line[0] in ";#" or "=" not in line:
            continue
        key, _, value = (part.strip() for part in line.partition("="))
        key = key.lower()
        if key == "numberofentries":
            declared = (value, number)
        elif found := _PLS_KEY.match(key):
            kind, index = found.group(1), int(found.group(2))
            if kind == "file":
                if index in files:
                    problems.append(f"line {number}: File{index} again (line {files[index][1]})")
                files[index] = (value, number)
            else:
                extra[f"{kind}{index}"] = value
    if not seen_playlist:
        raise PlaylistFormatError("no [playlist] section")
    entries = [
        Entry(
            (path,),
            extra.get(f"title{index}") or None,
            _seconds(extra.get(f"length{index}", "")),
            number,
            f"line {number}",
        )
        for index, (path, number) in sorted(files.items())
    ]
    if declared is not None and declared[0] != str(len(entries)):
        problems.append(
            f"line {declared[1]}: NumberOfEntries={declared[0]} but {len(entries)} "
            f"entries are listed (all {len(entries)} are played)"
        )
    return entries, problems


class _Refused(PlaylistFormatError):
    pass


def parse_xspf(data: bytes) -> tuple[list[Entry], list[str]]:
    """XSPF (VLC's own format), read with expat and no DTD.

    A playlist never needs a DOCTYPE, and entity declarations are how XML
    files exhaust memory ("billion laughs") or read other files, so a file
    with either is refused whole.
    """
    reader = _XspfReader()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = reader.refuse_doctype
    parser.EntityDeclHandler = reader.refuse_entity
    parser.ExternalEntityRefHandler = reader.refuse_entity
    parser.StartElementHandler = lambda name, _attrs: reader.start(name, parser.CurrentLineNumber)
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc))
        raise PlaylistFormatError(
            f"not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: {message})"
        ) from None
    if reader.root != "playlist":
        raise PlaylistFormatError(f"not an XSPF playlist (its root is <{reader.root}>)")
    return reader.entries, reader.problems


def _local(name: str) -> str:
    namespace, _, local = name.rpartition(" ")
    return local if namespace in ("", XSPF_NS) else f"{{{namespace}}}{local}"


class _XspfReader:
    """expat's handlers: collects each ``playlist/trackList/track``."""

    FIELDS = ("location", "title", "creator", "duration")

    def __init__(self) -> None:
        self.root: str | None = None
        self.stack: list[str] = []
        self.entries: list[Entry] = []
        self.problems: list[str] = []
        self.count = 0
        self.track_line = 0
        self.fields: dict[str, list[tuple[str, int]]] = {}
        self.buffer: list[str] | None = None
        self.field_line = 0

    def refuse_doctype(self, *_args: object) -> None:
        raise _Refused("refused: it has a DOCTYPE (a playlist never needs one)")

    def refuse_entity(self, *_args: object) -> int:
        raise _Refused("refused: it declares or loads XML entities")

    def start(self, name: str, line: int) -> None:
        local = _local(name)
        self.root = self.root or local
        self.stack.append(local)
        if self.stack == ["playlist", "trackList", "track"]:
            self.count += 1
            self.track_line = line
            self.fields = {}
        elif len(self.stack) == 4 and self.stack[2] == "track" and local in self.FIELDS:
            self.buffer, self.field_line = [], line

    def text(self, data: str) -> None:
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, name: str) -> None:
        local = self.stack.pop()
        if self.buffer is not None and len(self.stack) == 3:
            value = "".join(self.buffer).strip()
            self.fields.setdefault(local, []).append((value, self.field_line))
            self.buffer = None
        elif self.stack == ["playlist", "trackList"] and local == "track":
            self._add_track()

    def _add_track(self) -> None:
        locations = [(text, line) for text, line in self.fields.get("location", []) if text]
        if not locations:
            where = f"track {self.count}, line {self.track_line}"
            self.problems.append(f"{where}: no <location>")
            return
        line = locations[0][1]
        title = self._first("title")
        creator = self._first("creator")
        if title and creator:
            title = f"{creator} - {title}"
        ms = _seconds(self._first("duration") or "")
        self.entries.append(
            Entry(
                tuple(text for text, _ in locations),
                title or None,
                ms / 1000 if ms else None,
                line,
                f"track {self.count}, line {line}",
                tuple(line for _, line in locations),
            )
        )

    def _first(self, field: str) -> str | None:
        values = self.fields.get(field)
        return values[0][0] if values and values[0][0] else None
