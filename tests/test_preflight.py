from pathlib import Path

import pytest

from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.preflight import run_preflight
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.main import main


def test_report_and_status(tmp_path):
    (tmp_path / "a.ogg").write_bytes(b"OggS" + b"\0" * 32)
    (tmp_path / "bad.ogg").write_bytes(b"garbage" * 10)
    (tmp_path / "one.m3u8").write_text("a.ogg\n")
    (tmp_path / "two.m3u8").write_text("a.ogg\nbad.ogg\nmissing.ogg\n")
    protocol = SessionProtocol(
        "p", "P", 600, (Phase("One", 0, "one.m3u8", 0.5, 8), Phase("Two", 300, "two.m3u8", 0.5, 8))
    )
    lines = []
    lengths = {"a.ogg": 400.0}
    status = run_preflight(
        [protocol], PlaylistLibrary([tmp_path]), lambda path: lengths.get(path.name), lines.append
    )
    assert status == 1
    text = "\n".join(lines)
    assert "ok      p / One: one.m3u8, 1 tracks, 0:06:40 for a 0:05:00 phase, covers" in text
    assert "PROBLEM p / Two" in text
    assert "bad.ogg: libVLC cannot open it as audio" in text
    assert "missing.ogg: file not found" in text


@pytest.mark.slow
def test_cli_checks_the_shipped_playlists_with_libvlc(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "playlists", "check"]) == 0
    out = capsys.readouterr().out
    assert "standard-6h / Peak: peak.m3u8, 2 tracks" in out
    assert "All playlists are ready." in out


def test_cli_reports_a_broken_clinic_playlist(capsys, data_dir: Path):
    (data_dir / "playlists").mkdir()
    (data_dir / "playlists" / "peak.m3u8").write_text("nothing-here.ogg\n")
    status = main(["--data-dir", str(data_dir), "playlists", "check", "--protocol", "standard-6h"])
    assert status == 1
    assert "nothing-here.ogg: file not found" in capsys.readouterr().out


def test_cli_unknown_protocol(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "playlists", "check", "--protocol", "x"]) == 2
