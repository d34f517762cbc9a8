"""Playlists that are broken or made to do harm: one clear problem, never a crash."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pap_guide.core.playlist import MAX_PLAYLIST_BYTES, load_playlist

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE playlist [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<playlist version="1"><trackList>
  <track><location>&lol3;.ogg</location></track>
</trackList></playlist>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE playlist SYSTEM "file:///etc/passwd">
<playlist version="1"><trackList/></playlist>
"""


def test_entity_expansion_is_refused(tmp_path):
    (tmp_path / "p.xspf").write_text(LAUGHS)
    assert load_playlist(tmp_path / "p.xspf").problems == (
        "p.xspf: cannot be read (refused: it has a DOCTYPE (a playlist never needs one))",
    )


def test_external_dtd_is_refused(tmp_path):
    (tmp_path / "p.xspf").write_text(EXTERNAL)
    (problem,) = load_playlist(tmp_path / "p.xspf").problems
    assert "refused: it has a DOCTYPE" in problem


def test_undeclared_entity_is_not_well_formed(tmp_path):
    (tmp_path / "p.xspf").write_text(
        "<playlist><trackList><track><location>&ext;</location></track></trackList></playlist>"
    )
    (problem,) = load_playlist(tmp_path / "p.xspf").problems
    assert "not well-formed XML (line 1" in problem and "undefined entity" in problem


def test_huge_playlist_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.m3u8"
    with big.open("wb") as out:
        out.truncate(MAX_PLAYLIST_BYTES * 50)  # sparse: 100 MB on paper
    assert load_playlist(big).problems == (
        "big.m3u8: cannot be read (too large (100.0 MB) for a playlist (at most 2 MB))",
    )


def test_binary_junk_is_not_text(tmp_path):
    (tmp_path / "p.m3u").write_bytes(b"ID3\x03\x00\x00\x00\x00\x0fvTIT2" + bytes(range(256)))
    assert load_playlist(tmp_path / "p.m3u").problems == (
        "p.m3u: cannot be read (not a text file (it holds NUL bytes))",
    )


def test_an_mp3_given_as_a_playlist(tmp_path):
    (tmp_path / "song.xspf").write_bytes(b"\xff\xfb\x90\x64" + b"\x00" * 100)
    (problem,) = load_playlist(tmp_path / "song.xspf").problems
    assert problem.startswith("song.xspf: cannot be read (not well-formed XML")


def test_names_no_file_can_have(tmp_path):
    (tmp_path / "p.m3u8").write_text(
        "file:///tmp/a%00b.mp3\n" + "x" * 5000 + ".mp3\n" + "file:///" + "%2F" * 3 + "\n"
    )
    playlist = load_playlist(tmp_path / "p.m3u8")
    assert playlist.tracks == ()
    assert [p.split(": ")[-1] for p in playlist.problems] == [
        "file not found",
        "file not found",
        "not an audio file",
    ]
    assert [p.split(":")[0] for p in playlist.problems] == [
        "p.m3u8 line 1",
        "p.m3u8 line 2",
        "p.m3u8 line 3",
    ]


def test_a_playlist_that_cannot_be_opened(tmp_path):
    assert load_playlist(tmp_path / "absent.xspf").problems == (
        "absent.xspf: cannot be read (No such file or directory)",
    )


def dropped(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"p{suffix}"
    path.write_bytes(data)
    return path


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(alphabet=st.sampled_from('<>/!&;"= \n\rplaylisttrackLocation%#'), max_size=300).map(
        lambda t: ("<playlist><trackList>" + t).encode()
    ),
)
def test_garbage_xspf_and_m3u_never_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("g")
    for suffix in (".xspf", ".m3u"):
        playlist = load_playlist(dropped(folder, suffix, data))
        assert all(t.path.exists() for t in playlist.tracks)
        assert playlist.tracks or playlist.problems
        assert all(p.startswith(f"p{suffix}") for p in playlist.problems)
