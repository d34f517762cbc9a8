"""Truncated, misnamed, huge or garbage files: no crash, one clear message each."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pap_guide.core.playlist import load_playlist
from pap_guide.core.protocol import ProtocolError, load_protocol
from pap_guide.playback.player import Player
from tests.playback.conftest import vlc_backend_for

GOOD = (
    b'name = "x"\nplanned_minutes = 60\n[[phases]]\nname = "A"\nstart_minutes = 0\n'
    b'playlist = "a.m3u8"\n'
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.integers(0, len(GOOD)).map(lambda n: GOOD[:n]),
        st.binary(max_size=40).map(lambda b: GOOD + b),
    )
)
def test_fuzzed_protocol_files(tmp_path, data):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        load_protocol(path)
    except ProtocolError as error:
        assert str(error).startswith("fuzz.toml") and error.problem


def test_huge_protocol_file(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (20 * 1024 * 1024))
    with pytest.raises(ProtocolError, match=r"huge\.toml"):
        load_protocol(path)


def test_huge_playlist_file(tmp_path):
    path = tmp_path / "huge.m3u8"
    with path.open("wb") as handle:
        handle.write(b"#EXTM3U\n" + b"missing.ogg\n" * 300_000)
    playlist = load_playlist(path)
    assert playlist.tracks == () and playlist.problems


@pytest.mark.parametrize(
    "content", [b"", b"\x00" * 4096, os.urandom(8192), b"OggS" + os.urandom(4096), b"#EXTM3U\n"]
)
def test_garbage_audio_is_an_error_not_a_stall(qtbot, tmp_path, content):
    path = tmp_path / "broken.ogg"
    path.write_bytes(content)
    player = Player(vlc_backend_for("dummy"))
    outcomes = []
    player.error.connect(lambda path, why: outcomes.append("error"))
    player.track_finished.connect(lambda path: outcomes.append("ended"))
    player.play(path, 0.5, fade=0.05)
    # reported as an error (never as a track that ended): the conductor counts
    # errors, so a playlist of broken files cannot spin through them forever
    qtbot.waitUntil(lambda: bool(outcomes), timeout=8000)
    assert outcomes == ["error"]
    assert player.current_path() is None
    player.shutdown()
