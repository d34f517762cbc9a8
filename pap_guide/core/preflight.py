"""Playlist preflight: what a clinic runs before a session.

For each phase of each protocol: every entry resolves, libVLC can open it
and tell its length, the playlist's length is compared with the phase's, and
its loudness spread is shown before and after each track's gain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pap_guide.core.loudness import Measurement, after_gain, out_of_range, spread
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.timefmt import clock_text

Measure = Callable[[Path], float | None]
Loudness = Callable[[Path], Measurement | str | None]  # a measurement, or why there is none


def _no_loudness(_path: Path) -> Measurement | str | None:
    return None


@dataclass
class PhaseCheck:
    protocol: str
    phase: str
    playlist: str
    tracks: int = 0
    seconds: float = 0.0
    planned: float = 0.0
    problems: list[str] = field(default_factory=list)
    before: list[float | None] = field(default_factory=list)  # LUFS as the files are
    after: list[float | None] = field(default_factory=list)  # LUFS as they will play

    def loudness(self) -> str:
        if not any(level is not None for level in self.before):
            return ""
        return (
            f"loudness spread {spread(self.before):.1f} dB as recorded, "
            f"{spread(self.after):.1f} dB as played"
        )

    def summary(self) -> str:
        total = clock_text(self.seconds)
        planned = clock_text(self.planned)
        if not self.tracks:
            fit = "no playable tracks"
        elif self.seconds >= self.planned:
            fit = "covers the phase"
        else:
            fit = f"shorter than the phase: it will repeat ({self.planned / self.seconds:.1f}x)"
        return (
            f"{self.protocol} / {self.phase}: {self.playlist}, {self.tracks} tracks, "
            f"{total} for a {planned} phase, {fit}"
        )


def check_protocol(
    protocol: SessionProtocol,
    library: PlaylistLibrary,
    measure: Measure,
    loudness: Loudness = _no_loudness,
) -> list[PhaseCheck]:
    checks = []
    for index, phase in enumerate(protocol.phases):
        check = PhaseCheck(
            protocol.key,
            phase.name,
            phase.playlist,
            planned=protocol.phase_end(index) - phase.start,
        )
        playlist = library.for_phase(protocol, index)
        check.problems.extend(playlist.problems)
        for track in playlist.tracks:
            length = measure(track.path)
            if length is None:
                check.problems.append(
                    f"{playlist.where(track)}: {track.path.name}: libVLC cannot open it as audio"
                )
                continue
            check.tracks += 1
            check.seconds += length
            _level(
                check,
                playlist.where(track),
                track.path,
                loudness(track.path),
                protocol.music.reference_lufs,
            )
        checks.append(check)
    return checks


def _level(
    check: PhaseCheck, where: str, path: Path, found: Measurement | str | None, reference: float
) -> None:
    """Add one track's loudness to the phase; a track that cannot be evened out is named."""
    if isinstance(found, str):
        check.problems.append(f"{where}: {path.name}: loudness not measured ({found})")
        return
    if found is None:
        return
    check.before.append(found.lufs)
    check.after.append(after_gain(found, reference))
    why = out_of_range(found, reference)
    if why:
        check.problems.append(
            f"{where}: {path.name}: cannot be brought to {reference:g} LUFS ({why})"
        )


def run_preflight(
    protocols: Iterable[SessionProtocol],
    library: PlaylistLibrary,
    measure: Measure,
    out: Callable[[str], None],
    loudness: Loudness = _no_loudness,
) -> int:
    """Print a readable report; 0 when all is well, 1 when anything is wrong."""
    failed = False
    for protocol in protocols:
        for check in check_protocol(protocol, library, measure, loudness):
            out(("PROBLEM " if check.problems else "ok      ") + check.summary())
            if check.loudness():
                out(f"        {check.loudness()}")
            for problem in check.problems:
                out(f"        - {problem}")
            failed = failed or bool(check.problems) or not check.tracks
    out("Some playlists need attention." if failed else "All playlists are ready.")
    return 1 if failed else 0
