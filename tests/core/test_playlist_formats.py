"""Playlists as clinics have them: M3U8 from Windows, PLS, XSPF from VLC."""

from pathlib import Path

from pap_guide.core.playlist import load_playlist


def audio(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"OggS" + b"\0" * 64)
    return path


def test_m3u8_with_bom_crlf_and_extinf_in_any_case(tmp_path):
    audio(tmp_path / "music", "one.flac")
    audio(tmp_path / "music", "two.mp3")
    text = (
        "\ufeff#EXTM3U\r\n"
        '#EXTINF:245 tvg-id="x",Arvo Pärt - Spiegel im Spiegel\r\n'
        "music\\one.flac\r\n"
        "\r\n"
        "#extinf:-1,Unknown length\r\n"
        "#EXTALB:kept with the next entry\r\n"
        "music/two.mp3\r\n"
        "music/gone.ogg\r\n"
    )
    (tmp_path / "morning.m3u8").write_bytes(text.encode("utf-8"))
    playlist = load_playlist(tmp_path / "morning.m3u8")
    assert [(t.title, t.seconds, t.line) for t in playlist.tracks] == [
        ("Arvo Pärt - Spiegel im Spiegel", 245, 3),
        ("Unknown length", None, 7),
    ]
    assert playlist.tracks[0].path == tmp_path / "music" / "one.flac"
    assert playlist.problems == ("morning.m3u8 line 8: music/gone.ogg: file not found",)
    assert playlist.where(playlist.tracks[1]) == "morning.m3u8 line 7"


def test_old_mac_line_ends_count_lines_too(tmp_path):
    audio(tmp_path, "a.wav")
    (tmp_path / "p.m3u").write_bytes(b"#EXTM3U\ra.wav\rb.wav\r")
    playlist = load_playlist(tmp_path / "p.m3u")
    assert [t.line for t in playlist.tracks] == [2]
    assert playlist.problems == ("p.m3u line 3: b.wav: file not found",)


def test_m3u_in_the_windows_code_page(tmp_path):
    audio(tmp_path, "Café.mp3")
    (tmp_path / "p.m3u").write_bytes("#EXTINF:10,Caf\xe9\r\nCaf\xe9.mp3\r\n".encode("cp1252"))
    playlist = load_playlist(tmp_path / "p.m3u")
    assert [t.title for t in playlist.tracks] == ["Café"]


def test_m3u8_must_be_utf8(tmp_path):
    (tmp_path / "p.m3u8").write_bytes("Caf\xe9.mp3\n".encode("cp1252"))
    playlist = load_playlist(tmp_path / "p.m3u8")
    assert playlist.problems == ("p.m3u8: cannot be read (not UTF-8 text (byte 4))",)


def test_pls_with_number_of_entries_and_windows_paths(tmp_path):
    audio(tmp_path / "Album", "x.flac")
    audio(tmp_path, "y.ogg")
    text = (
        "[playlist]\r\n"
        "File1=D:\\Rips\\Album\\x.flac\r\n"
        "Title1=Ex\r\n"
        "Length1=61\r\n"
        "file2=y.ogg\r\n"
        "Length2=-1\r\n"
        "File3=nope.ogg\r\n"
        "NumberOfEntries=3\r\n"
        "Version=2\r\n"
    )
    (tmp_path / "p.pls").write_bytes(text.encode())
    playlist = load_playlist(tmp_path / "p.pls")
    assert [(t.path, t.title, t.seconds, t.line) for t in playlist.tracks] == [
        (tmp_path / "Album" / "x.flac", "Ex", 61, 2),
        (tmp_path / "y.ogg", "y", None, 5),
    ]
    assert playlist.problems == ("p.pls line 7: nope.ogg: file not found",)


def test_pls_whose_count_is_wrong_says_so(tmp_path):
    audio(tmp_path, "a.ogg")
    (tmp_path / "p.pls").write_text("[Playlist]\nNumberOfEntries=2\nFile1=a.ogg\n")
    playlist = load_playlist(tmp_path / "p.pls")
    assert len(playlist.tracks) == 1
    assert playlist.problems == (
        "p.pls line 2: NumberOfEntries=2 but 1 entries are listed (all 1 are played)",
    )


def test_pls_entry_given_twice(tmp_path):
    audio(tmp_path, "a.ogg")
    audio(tmp_path, "b.ogg")
    (tmp_path / "p.pls").write_text("[playlist]\nFile1=a.ogg\nFile1=b.ogg\n")
    playlist = load_playlist(tmp_path / "p.pls")
    assert [t.path.name for t in playlist.tracks] == ["b.ogg"]
    assert playlist.problems == ("p.pls line 3: File1 again (line 2)",)


XSPF = """<?xml version="1.0" encoding="UTF-8"?>
<playlist xmlns="http://xspf.org/ns/0/" version="1"
	xmlns:vlc="http://www.videolan.org/vlc/playlist/ns/0/">
\t<title>Peak</title>
\t<trackList>
\t\t<track>
\t\t\t<location>file://{folder}/M%C3%BAsica/Bach%20%26%20Sons%20%E2%80%94%20Air.flac</location>
\t\t\t<title>Air</title>
\t\t\t<creator>J. S. Bach</creator>
\t\t\t<duration>331000</duration>
\t\t\t<extension application="http://www.videolan.org/vlc/playlist/0">
\t\t\t\t<vlc:id>0</vlc:id>
\t\t\t\t<title>not the track's title</title>
\t\t\t</extension>
\t\t</track>
\t\t<track>
\t\t\t<location>relative/two%20words.opus</location>
\t\t</track>
\t\t<track><title>no location</title></track>
\t\t<track>
\t\t\t<location>missing.ogg</location>
\t\t\t<location>also%20here.ogg</location>
\t\t</track>
\t\t<track>
\t\t\t<location>gone.ogg</location>
\t\t</track>
\t</trackList>
\t<extension application="http://www.videolan.org/vlc/playlist/0">
\t\t<vlc:item tid="0"/>
\t</extension>
</playlist>
"""


def test_xspf_as_vlc_writes_it(tmp_path):
    air = audio(tmp_path / "Música", "Bach & Sons — Air.flac")
    two = audio(tmp_path / "relative", "two words.opus")
    here = audio(tmp_path, "also here.ogg")
    (tmp_path / "peak.xspf").write_text(XSPF.format(folder=tmp_path), encoding="utf-8")
    playlist = load_playlist(tmp_path / "peak.xspf")
    assert [(t.path, t.title, t.seconds, t.line) for t in playlist.tracks] == [
        (air, "J. S. Bach - Air", 331, 7),
        (two, "two words", None, 17),
        (here, "also here", None, 22),
    ]
    assert playlist.problems == (
        "peak.xspf track 3, line 19: no <location>",
        "peak.xspf track 5, line 25: gone.ogg: file not found",
    )


def test_xspf_without_namespace_and_with_localhost(tmp_path):
    a = audio(tmp_path, "a b.mp3")
    (tmp_path / "p.xspf").write_text(
        f"<playlist><trackList><track><location>file://localhost{tmp_path}/a%20b.mp3"
        "</location></track></trackList></playlist>"
    )
    assert [t.path for t in load_playlist(tmp_path / "p.xspf").tracks] == [a]


def test_xspf_that_is_not_xspf(tmp_path):
    (tmp_path / "p.xspf").write_text("<html><body>hello</body></html>")
    assert load_playlist(tmp_path / "p.xspf").problems == (
        "p.xspf: cannot be read (not an XSPF playlist (its root is <html>))",
    )


def test_broken_xspf_names_line_and_column(tmp_path):
    (tmp_path / "p.xspf").write_text("<playlist>\n<trackList>\n<track></trackList>\n")
    (problem,) = load_playlist(tmp_path / "p.xspf").problems
    assert problem.startswith("p.xspf: cannot be read (not well-formed XML (line 3, column 10:")
