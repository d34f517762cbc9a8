"""The session's music as an M3U8 playlist, to hear it again at the integration session.

Only what really played, in the order it started: one ``#EXTGRP`` line where
each phase's music begins, and for each track a comment with the session time
it started and how it ended, then its ``#EXTINF`` line (the title with its
session start time, so a player's list shows it too) and its absolute path.
VLC, mpv and foobar2000 skip ``#`` lines they do not know. The record holds no
track lengths, so ``#EXTINF`` gives -1 (unknown): players read the file's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.report import Report
from pap_guide.core.timefmt import clock_text

SUFFIX = ".m3u8"

# how a track ended, in plain words, by the reason the record holds
ENDINGS = {
    "natural end": "finished",
    "skip": "skipped",
    "phase change": "faded at phase change",
    "phase change at track end": "finished; the phase change waited for it",
    "hush": "hushed",
    "pause": "paused",
    "session ended": "faded at session end",
    "error": "could not be played",
    "interrupted": "interrupted",
}
HELD = ("pause", "hush")  # the next start of the same file carries on from here


@dataclass(frozen=True)
class PlayedTrack:
    """One track as it sounded in the session, with how it stopped."""

    play: Play
    end: PlayEnd | None
    ending: str  # in plain words
    resumed: bool = False  # carries on after a pause or hush of the same file

    @property
    def started(self) -> str:
        return "T+" + clock_text(self.play.session_seconds)

    def sounded(self, speed: float) -> float | None:
        """Real seconds it sounded (a rehearsal's session time runs ``speed`` times faster)."""
        if self.end is None or self.end.reason == "interrupted":
            return None  # a crash's end is stamped at the last saved moment, not when it stopped
        return max(0.0, self.end.session_seconds - self.play.session_seconds) / (speed or 1.0)


def ending_words(reason: str) -> str:
    return ENDINGS.get(reason, reason.replace("_", " ") or "ended")


def played_tracks(report: Report) -> list[PlayedTrack]:
    """Every track start of the record, in the order it started, with its end."""
    ends = {end.start.id: end for end in report.play_ends}
    starts = list(report.plays)
    found: list[PlayedTrack] = []
    for index, play in enumerate(starts):
        end = ends.get(play.id)
        if end is not None:
            ending = ending_words(end.reason)
        elif report.ended or index < len(starts) - 1:
            ending = ending_words("interrupted")  # the app stopped and nothing closed it
        else:
            ending = "no end recorded yet"
        before = found[-1] if found else None
        resumed = (
            before is not None
            and before.play.path == play.path
            and before.end is not None
            and before.end.reason in HELD
        )
        found.append(PlayedTrack(play, end, ending, resumed))
    return found


def music_name(report: Report) -> str:
    record = report.record
    patient = record.patient or "session"
    return f"pap-guide-{patient}-{record.id}-{record.created:%Y%m%d}-music{SUFFIX}"


def _line(text: str) -> str:
    """One line of text: a title or name never breaks the playlist's lines."""
    return " ".join(text.split())


def _location(path: Path) -> str:
    """The absolute path, without ``..`` (the file the player opened); as a file URI
    only when the name holds a line break, which a playlist line cannot."""
    absolute = path.resolve()
    text = str(absolute)
    return absolute.as_uri() if "\n" in text or "\r" in text else text


def _header(report: Report) -> list[str]:
    record = report.record
    dose = report.dose_at.astimezone().strftime("%Y-%m-%d %H:%M") if report.dose_at else "-"
    lines = [
        "#EXTM3U",
        f"#PLAYLIST:{_line(f'Session {record.id} music, {record.created:%Y-%m-%d}')}",
        _line(
            f"# pap-guide session {record.id} ({record.session_type}, patient "
            f"{record.patient or '-'}, {report.protocol_name}): the music as it played"
        ),
        f"# session times (T+) count from the dose, T0 {dose} local time",
    ]
    if record.rehearsal:
        lines.append(
            f"# REHEARSAL: a practice run (clock {record.speed:g} times faster), "
            "not a patient's session"
        )
    if report.chain_head:
        lines.append(f"# record chain head {report.chain_head}")
    if report.chain_problem:
        lines.append(_line(f"# WARNING: the record does not verify: {report.chain_problem}"))
    if not report.plays:
        lines.append("# no music played in this session")
    return lines


def _comment(track: PlayedTrack, speed: float) -> str:
    sounded = track.sounded(speed)
    parts = [f"# {track.started} started"]
    if track.resumed:
        parts.append("resumed")
    if sounded is not None:
        parts.append(f"sounded {clock_text(sounded)}")
    if not track.play.path.exists():
        parts.append("file not found at export")
    parts.append(f"ended: {track.ending}")
    return _line(", ".join(parts))


def m3u8_text(report: Report) -> str:
    lines = _header(report)
    phase: str | None = None
    speed = report.record.speed if report.record.rehearsal else 1.0
    for track in played_tracks(report):
        play = track.play
        if play.phase != phase:
            phase = play.phase
            lines.append(f"#EXTGRP:{_line(phase)}")
        lines.append(_comment(track, speed))
        lines.append(f"#EXTINF:-1,{_line(play.title)} ({track.started})")
        lines.append(_location(play.path))
    return "\n".join(lines) + "\n"


def to_m3u8(report: Report) -> bytes:
    """UTF-8, no byte-order mark (the ``.m3u8`` suffix says UTF-8)."""
    return m3u8_text(report).encode("utf-8")
