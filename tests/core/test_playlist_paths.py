"""Entries written on other machines: file:// URLs and Windows paths."""

from pathlib import Path

import pytest

from pap_guide.core.playlist import load_playlist
from pap_guide.core.playlist_paths import candidates, file_url_path, is_stream, is_windows_path


def audio(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"fLaC" + b"\0" * 64)
    return path


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("file:///home/guide/a%20b.flac", "/home/guide/a b.flac"),
        ("file://localhost/home/guide/x.mp3", "/home/guide/x.mp3"),
        ("FILE://LOCALHOST/x.mp3", "/x.mp3"),
        ("file:/home/x.mp3", "/home/x.mp3"),
        ("file:///home/M%C3%BAsica/%E6%97%A5%E6%9C%AC.ogg", "/home/Música/日本.ogg"),
        ("file:///C:/Music/Air%20(live).mp3", "C:/Music/Air (live).mp3"),
        ("file:///c%3A/Music/x.mp3", "c:/Music/x.mp3"),
        ("file://nas/share/Music/x.mp3", "//nas/share/Music/x.mp3"),
    ],
)
def test_file_url_paths(url, path):
    assert file_url_path(url) == path


def test_escapes_of_another_encoding_keep_their_bytes():
    assert file_url_path("file:///Caf%E9.mp3").encode("utf-8", "surrogateescape") == b"/Caf\xe9.mp3"


@pytest.mark.parametrize(
    ("entry", "windows"),
    [
        ("C:\\Music\\x.mp3", True),
        ("c:/Music/x.mp3", True),
        ("\\\\nas\\share\\x.mp3", True),
        ("//nas/share/x.mp3", True),
        ("/home/x.mp3", False),
        ("Music\\x.mp3", False),
        ("x.mp3", False),
    ],
)
def test_windows_paths_are_known(entry, windows):
    assert is_windows_path(entry) is windows


def test_streams_are_known():
    assert is_stream("http://radio.example/live")
    assert is_stream("smb://nas/share/x.mp3")
    assert not is_stream("file:///x.mp3")
    assert not is_stream("C:\\x.mp3")


def test_a_windows_path_tries_its_tail_dropping_folders_one_at_a_time(tmp_path):
    assert candidates("C:\\Music\\Album\\x.mp3", tmp_path)[-3:] == [
        tmp_path / "Music" / "Album" / "x.mp3",
        tmp_path / "Album" / "x.mp3",
        tmp_path / "x.mp3",
    ]
    assert candidates("\\\\nas\\share\\Album\\x.mp3", tmp_path)[-2:] == [
        tmp_path / "Album" / "x.mp3",
        tmp_path / "x.mp3",
    ]


def test_windows_playlist_whose_drive_is_not_here(tmp_path):
    """A list made on the clinic's old Windows PC, copied with its music."""
    deep = audio(tmp_path / "Music" / "Album", "1 Intro.flac")
    middle = audio(tmp_path / "Album", "2 Song.flac")
    near = audio(tmp_path, "3 Outro.flac")
    also = audio(tmp_path / "Music" / "Album", "3 Outro.flac")  # the longest tail wins
    (tmp_path / "old.m3u").write_text(
        "#EXTM3U\r\n"
        "C:\\Music\\Album\\1 Intro.flac\r\n"
        "C:\\Users\\Clinic\\Album\\2 Song.flac\r\n"
        "E:\\Music\\Album\\3 Outro.flac\r\n"
        "file:///C:/Elsewhere/3%20Outro.flac\r\n"
        "\\\\NAS\\share\\Music\\Album\\1 Intro.flac\r\n"
        "C:\\Music\\gone.flac\r\n"
    )
    playlist = load_playlist(tmp_path / "old.m3u")
    assert [t.path for t in playlist.tracks] == [deep, middle, also, near, deep]
    assert playlist.problems == ("old.m3u line 7: C:\\Music\\gone.flac: file not found",)


def test_percent_escaped_urls_with_spaces_and_letters_of_any_language(tmp_path):
    a = audio(tmp_path / "Música", "Ólafur Arnalds — 3 (live).flac")
    b = audio(tmp_path, "日本 の 音.mp3")
    c = audio(tmp_path, "100% calm.wav")
    (tmp_path / "p.m3u8").write_text(
        "file://"
        + str(tmp_path / "M%C3%BAsica" / "%C3%93lafur%20Arnalds%20%E2%80%94%203%20(live).flac")
        + "\nfile://localhost"
        + str(tmp_path / "%E6%97%A5%E6%9C%AC%20%E3%81%AE%20%E9%9F%B3.mp3")
        + "\n100% calm.wav\n"
        + "file:///nowhere/a%20b.mp3\n",
        encoding="utf-8",
    )
    playlist = load_playlist(tmp_path / "p.m3u8")
    assert [t.path for t in playlist.tracks] == [a, b, c]
    assert [t.title for t in playlist.tracks] == [a.stem, b.stem, c.stem]
    assert playlist.problems == ("p.m3u8 line 4: file:///nowhere/a%20b.mp3: file not found",)


def test_backslashes_in_relative_entries(tmp_path):
    a = audio(tmp_path / "sub" / "deeper", "a.ogg")
    (tmp_path / "p.m3u8").write_text("sub\\deeper\\a.ogg\n.\\sub/deeper\\a.ogg\n")
    assert [t.path.resolve() for t in load_playlist(tmp_path / "p.m3u8").tracks] == [
        a.resolve(),
        a.resolve(),
    ]


def test_a_folder_named_in_a_playlist(tmp_path):
    (tmp_path / "album.flac").mkdir()
    (tmp_path / "p.m3u8").write_text("album.flac\n")
    assert load_playlist(tmp_path / "p.m3u8").problems == (
        "p.m3u8 line 1: album.flac: a folder, not a file",
    )
