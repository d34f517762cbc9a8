from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pap_guide.core.playlist import PlaylistLibrary, Track, load_playlist, write_m3u8
from pap_guide.core.protocol import Phase, SessionProtocol


def audio(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"OggS" + b"\0" * 64)
    return path


def test_m3u8_relative_entries_titles_and_lengths(tmp_path):
    audio(tmp_path / "music", "a.ogg")
    audio(tmp_path / "music", "b c.ogg")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "p.m3u8").write_text(
        "\ufeff#EXTM3U\n#EXTINF:61,Artist - A\n../music/a.ogg\n\n../music/b c.ogg\n",
        encoding="utf-8",
    )
    playlist = load_playlist(lists / "p.m3u8")
    assert playlist.problems == ()
    assert [t.title for t in playlist.tracks] == ["Artist - A", "b c"]
    assert playlist.tracks[0].seconds == 61
    assert playlist.tracks[1].path == lists / "../music/b c.ogg"


def test_bad_entries_are_reported_and_skipped(tmp_path):
    audio(tmp_path, "good.mp3")
    (tmp_path / "empty.ogg").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "p.m3u").write_text(
        "good.mp3\nmissing.ogg\nnotes.txt\nempty.ogg\nhttp://radio.example/stream.mp3\n"
    )
    playlist = load_playlist(tmp_path / "p.m3u")
    assert [t.path.name for t in playlist.tracks] == ["good.mp3"]
    problems = "\n".join(playlist.problems)
    assert "missing.ogg: file not found" in problems
    assert "notes.txt: not an audio file" in problems
    assert "empty.ogg: file is empty" in problems
    assert "streams are not played" in problems


def test_pls(tmp_path):
    audio(tmp_path, "x.flac")
    audio(tmp_path, "y.flac")
    (tmp_path / "p.pls").write_text(
        "[playlist]\nFile2=y.flac\nTitle2=Why\nLength2=30\nFile1=x.flac\nNumberOfEntries=2\n"
    )
    playlist = load_playlist(tmp_path / "p.pls")
    assert [t.path.name for t in playlist.tracks] == ["x.flac", "y.flac"]
    assert playlist.tracks[1].title == "Why" and playlist.tracks[1].seconds == 30


def test_folder_as_playlist(tmp_path):
    audio(tmp_path / "f", "2.ogg")
    audio(tmp_path / "f", "1.ogg")
    (tmp_path / "f" / "cover.jpg").write_bytes(b"jpg")
    playlist = load_playlist(tmp_path / "f")
    assert [t.path.name for t in playlist.tracks] == ["1.ogg", "2.ogg"]


def test_unreadable_playlist_is_one_problem(tmp_path):
    (tmp_path / "p.m3u8").write_bytes(b"\xff\xfe\xfa binary")
    playlist = load_playlist(tmp_path / "p.m3u8")
    assert playlist.tracks == ()
    assert "cannot be read" in playlist.problems[0]


def test_broken_pls_is_one_problem(tmp_path):
    (tmp_path / "p.pls").write_text("File1=x.ogg\n")
    assert "cannot be read" in load_playlist(tmp_path / "p.pls").problems[0]


def test_write_m3u8_round_trip(tmp_path):
    a = audio(tmp_path / "music", "a.ogg")
    b = audio(tmp_path / "elsewhere", "b.ogg")
    target = tmp_path / "lists" / "out.m3u8"
    target.parent.mkdir()
    write_m3u8(target, [Track(a, "A", 12.4), Track(b, "B")])
    text = target.read_text()
    assert text.startswith("#EXTM3U\n#EXTINF:12,A\n../music/a.ogg\n")
    again = load_playlist(target)
    assert [t.title for t in again.tracks] == ["A", "B"]
    assert [t.path.resolve() for t in again.tracks] == [a.resolve(), b.resolve()]


def test_library_finds_clinic_lists_before_shipped_ones(tmp_path):
    clinic, shipped = tmp_path / "clinic", tmp_path / "shipped"
    for folder in (clinic, shipped):
        audio(folder, "t.ogg")
        (folder / "p.m3u8").write_text("t.ogg\n")
    library = PlaylistLibrary([clinic, shipped])
    protocol = SessionProtocol("k", "K", 60, (Phase("A", 0, "p.m3u8", 0.5, 8),))
    assert library.for_phase(protocol, 0).source == clinic / "p.m3u8"
    assert "not found" in library.load("nope.m3u8").problems[0]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_garbage_playlists_never_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("g")
    for suffix in (".m3u8", ".pls"):
        path = folder / f"p{suffix}"
        path.write_bytes(data)
        playlist = load_playlist(path)
        assert playlist.tracks == () or all(t.path.exists() for t in playlist.tracks)
        assert playlist.tracks or playlist.problems
