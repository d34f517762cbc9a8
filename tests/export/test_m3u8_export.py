"""The session's music as an M3U8 playlist: what played, in order, by phase, with its end.

Sessions are played through the real window (the demo music, the null output)
into the real store; the playlist is read back line by line, by libVLC's own
playlist parser, and from the command line in a process where Qt cannot load.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from pap_guide.core.timefmt import clock_text
from pap_guide.export.m3u8_export import music_name
from pap_guide.export.pdf_export import to_pdf
from pap_guide.export.report_html import report_html
from pap_guide.export.writers import export
from tests.conftest import ROOT
from tests.export.test_pdf import pdf_text
from tests.helpers.ui import begin, child
from tests.scenarios.conftest import rows

PHASES = ["Introspection", "Peak", "Release", "Return to calm"]
# the record's reasons in the words the playlist and the PDF use
WORDS = {
    "skip": "skipped",
    "hush": "hushed",
    "pause": "paused",
    "phase change": "faded at phase change",
    "natural end": "finished",
    "interrupted": "interrupted",
    "session ended": "faded at session end",
}


@dataclass
class Entry:
    group: str | None
    comment: str
    title: str
    length: str
    location: str


@dataclass
class Playlist:
    header: list[str]
    groups: list[str]
    entries: list[Entry]
    locations: list[str]  # every line that is not a comment or a directive


def parse(path: Path) -> Playlist:
    """Read the playlist as a player does: directives, comments, then a location."""
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "#EXTM3U" and lines[-1] == ""
    header: list[str] = []
    groups: list[str] = []
    entries: list[Entry] = []
    locations: list[str] = []
    group = comment = info = None
    for line in lines[1:-1]:
        assert line and line == line.strip(), repr(line)
        if line.startswith("#EXTGRP:"):
            group = line.removeprefix("#EXTGRP:")
            groups.append(group)
        elif line.startswith("#EXTINF:"):
            info = line.removeprefix("#EXTINF:")
        elif line.startswith("#"):
            if group is None and info is None and not entries:
                header.append(line)
            else:
                comment = line
        else:
            locations.append(line)
            assert info is not None and comment is not None, line
            length, title = info.split(",", 1)
            entries.append(Entry(group, comment, title, length, line))
            comment = info = None
    return Playlist(header, groups, entries, locations)


def go(window, clock, seconds: float, step: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    while seconds > 0:
        clock.advance(min(step, seconds))
        seconds -= step
        window.refresh()


def play_session(make_window, clock):  # type: ignore[no-untyped-def]
    """A real session: a skip, a hush then play again, the next phase, tracks that
    finish, the app gone mid-track and started again, then the end."""
    window = begin(make_window())
    session_id = window.desk.session.id
    go(window, clock, 10)
    child(window, "skipTrackButton").click()
    go(window, clock, 10)
    child(window, "hushButton").click()
    go(window, clock, 5)
    child(window, "playPauseButton").click()
    go(window, clock, 10)
    child(window, "nextPhaseButton").click()
    go(window, clock, 120)
    window.close()  # no end is saved for the track still sounding, as in a crash
    clock.advance(30)
    again = make_window()
    go(again, clock, 20)
    again.asker.reason_text = "ended early to test the playlist"
    child(again, "endSessionButton").click()
    assert not again.desk.is_open()
    return again, session_id


def starts_and_ends(data_dir: Path, session_id: int):  # type: ignore[no-untyped-def]
    played = rows(data_dir, "plays", session_id)
    ends = {row["start_id"]: row for row in played if row["kind"] == "end"}
    return [row for row in played if row["kind"] == "start"], ends


@pytest.fixture
def played(make_window, fake_clock, data_dir, tmp_path):
    window, session_id = play_session(make_window, fake_clock)
    report = window.report(session_id)
    out = export(report, "m3u8", tmp_path / "out" / music_name(report))
    return window, session_id, report, out


def test_the_playlist_lists_what_played_in_order_with_phase_start_and_end(played, data_dir):
    window, session_id, report, out = played
    starts, ends = starts_and_ends(data_dir, session_id)
    reasons = {ends[s["id"]]["reason"] for s in starts}
    assert {"skip", "hush", "phase change", "natural end", "interrupted", "session ended"} <= (
        reasons
    )
    playlist = parse(out)
    assert playlist.groups == ["Introspection", "Peak"]  # one line where each phase begins
    assert len(playlist.entries) == len(starts)
    for entry, start in zip(playlist.entries, starts, strict=True):
        at = "T+" + clock_text(start["session_seconds"])
        assert entry.group == start["phase"]
        assert entry.title == f"{start['title']} ({at})"  # the start shows in any player
        assert entry.length == "-1"  # the record holds no track lengths
        assert Path(entry.location) == Path(start["file"]).resolve()
        assert entry.comment.startswith(f"# {at} started")
        assert entry.comment.endswith(f"ended: {WORDS[ends[start['id']]['reason']]}")
    times = [s["session_seconds"] for s in starts]
    assert times == sorted(times)
    # the hushed track played on: the second part says so; a crash's end says no length
    (resumed,) = [e for e in playlist.entries if ", resumed," in e.comment]
    assert resumed.location == playlist.entries[1].location
    (cut,) = [e for e in playlist.entries if e.comment.endswith("interrupted")]
    assert "sounded" not in cut.comment


def test_the_playlist_is_private_utf8_and_every_location_is_a_file(played):
    window, session_id, report, out = played
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")  # no byte-order mark
    playlist = parse(out)
    assert playlist.locations
    for location in playlist.locations:
        path = Path(location)
        assert path.is_absolute() and path.is_file(), location
        assert ".." not in path.parts
    assert any(line.startswith("# pap-guide session") for line in playlist.header)
    assert not any("REHEARSAL" in line for line in playlist.header)
    assert f"# record chain head {report.chain_head}" in playlist.header
    assert out.name.endswith(".m3u8") and "P-T001" in out.name


def test_libvlc_reads_the_playlist_as_written(played):
    window, session_id, report, out = played
    vlc = pytest.importorskip("vlc")
    instance = vlc.Instance("--quiet", "--no-video", "--aout=dummy")
    if instance is None:
        pytest.skip("libVLC cannot load here")
    media = instance.media_new_path(str(out))
    media.parse_with_options(vlc.MediaParseFlag.local, 5000)
    done = (vlc.MediaParsedStatus.done, vlc.MediaParsedStatus.failed)
    deadline = time.monotonic() + 10
    while media.get_parsed_status() not in done and time.monotonic() < deadline:
        time.sleep(0.05)
    assert media.get_parsed_status() == vlc.MediaParsedStatus.done
    items = media.subitems()
    found = [items.item_at_index(i) for i in range(items.count())]
    entries = parse(out).entries
    assert [m.get_mrl() for m in found] == [Path(e.location).as_uri() for e in entries]
    # VLC reads "Artist - Title"; the session time stays in the title it shows
    shown = [(m.get_meta(vlc.Meta.Artist), m.get_meta(vlc.Meta.Title)) for m in found]
    assert shown == [tuple(e.title.split(" - ", 1)) for e in entries]


def test_the_pdf_lists_each_track_with_how_it_ended(played, data_dir, qapp, tmp_path):
    window, session_id, report, out = played
    starts, ends = starts_and_ends(data_dir, session_id)
    expected = [
        (
            start["phase"],
            "T+" + clock_text(start["session_seconds"]),
            start["title"],
            WORDS[ends[start["id"]]["reason"]],
        )
        for start in starts
    ]
    html = report_html(report, chart=False)
    music = html.split("<h2>Music played</h2>", 1)[1].split("<h2>", 1)[0]
    cells = [row.split("</td><td>") for row in music.split("<tr><td>")[1:]]
    assert [tuple(c[:3]) for c in cells] == [e[:3] for e in expected]
    assert all(c[3].startswith(e[3]) for c, e in zip(cells, expected, strict=True))
    text = unicodedata.normalize("NFKC", pdf_text(tmp_path, to_pdf(report)))  # no ligatures
    section = text.split("Music played", 1)[1].split("Pre-session checklist", 1)[0]
    printed = [" ".join(line.split()) for line in section.splitlines() if " T+" in line]
    assert len(printed) == len(expected)
    for line, (phase, at, title, ending) in zip(printed, expected, strict=True):
        assert line.startswith(f"{phase} {at} {title} {ending}"), line
    assert printed[2].endswith("(resumed)")  # after the hush, the same track went on


def test_a_rehearsal_through_every_phase_is_marked_and_grouped(make_window, fake_clock, qapp,
                                                                tmp_path):  # fmt: skip
    window = begin(make_window("--speed", "100"))
    for _ in range(int(6.2 * 3600 / 100 / 2)):
        fake_clock.advance(2)
        window.refresh()
        qapp.processEvents()
    report = window.report(window.desk.session.id)
    playlist = parse(export(report, "m3u8", tmp_path / "rehearsal.m3u8"))
    assert any(line.startswith("# REHEARSAL") and "100 times" in line for line in playlist.header)
    assert playlist.groups == PHASES  # each phase once, in order
    spans = {span.name: span for span in report.phases}
    for entry in playlist.entries:
        seconds = sum(
            int(part) * 60**i
            for i, part in enumerate(reversed(entry.title.rsplit("(T+", 1)[1][:-1].split(":")))
        )
        span = spans[entry.group]
        last = entry.group == PHASES[-1]  # runs on past the planned end until ended
        assert span.start - 1 <= seconds <= (seconds if last else span.end) + 1, entry
        assert Path(entry.location).is_file()


def test_a_session_without_music_says_so(report, tmp_path):
    from dataclasses import replace

    silent = replace(report, plays=(), play_ends=())
    playlist = parse(export(silent, "m3u8", tmp_path / "silent.m3u8"))
    assert playlist.entries == [] and playlist.locations == []
    assert "# no music played in this session" in playlist.header


def test_a_scripted_record_in_the_store_reads_back(report, rehearsal_report, tmp_path):
    """Tracks whose files are gone are still listed, and say so; a track with no end
    in an ended session was interrupted."""
    playlist = parse(export(report, "m3u8", tmp_path / "scripted.m3u8"))
    assert [e.title for e in playlist.entries] == ["Inward Tide (T+0:01:00)",
                                                   "Open Sky (T+1:31:00)"]  # fmt: skip
    assert playlist.groups == ["Introspection", "Peak"]
    assert playlist.entries[0].comment.endswith(
        "file not found at export, ended: faded at phase change"
    )
    assert "ended: interrupted" in playlist.entries[1].comment
    rehearsal = parse(export(rehearsal_report, "m3u8", tmp_path / "r.m3u8"))
    assert any(line.startswith("# REHEARSAL") for line in rehearsal.header)


def _no_qt(tmp_path: Path) -> dict[str, str]:
    broken = tmp_path / "broken"
    for name in ("PySide6", "shiboken6"):
        (broken / name).mkdir(parents=True)
        (broken / name / "__init__.py").write_text(f"raise ImportError('no {name} here')\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(broken), str(ROOT)])}


def test_the_command_line_writes_the_same_playlist_without_qt(played, data_dir, tmp_path):
    window, session_id, report, out = played
    target = tmp_path / "cli" / "music.m3u8"
    target.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data_dir), "export",
         "--session", str(session_id), "--format", "m3u8", "--out", str(target)],
        cwd=ROOT, env=_no_qt(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Wrote" in done.stdout and "m3u8" in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == out.read_bytes()
    assert parse(target).groups == ["Introspection", "Peak"]
