"""pap-guide doctor: what it finds and what it tells the clinic to do."""

from __future__ import annotations

import os

import pytest

from pap_guide.cli.doctor import Finding, check_audio, check_database, run_doctor
from pap_guide.main import main
from pap_guide.playback.backends import AudioUnavailable
from pap_guide.store.database import open_database
from tests.helpers.pulse import null_sink


def test_missing_libvlc_is_a_problem_with_a_fix():
    def broken():
        raise AudioUnavailable("libVLC could not be loaded (libvlc.so.5: not found)")

    (finding,) = check_audio(broken)
    assert not finding.ok and "apt-get install libvlc5 vlc-plugin-base" in finding.fix


@pytest.mark.audio
def test_audio_devices_are_listed(tmp_path, monkeypatch):
    from pap_guide.playback.backends import VlcBackend

    with null_sink(tmp_path) as server:
        monkeypatch.setenv("PULSE_SERVER", server)
        findings = check_audio(lambda: VlcBackend("pulse"))
    assert all(f.ok for f in findings)
    assert any("Null Output" in f.what for f in findings)


def test_a_silent_output_is_named_as_such():
    from pap_guide.playback.backends import VlcBackend

    for module in ("dummy", "adummy"):
        libvlc, silent = check_audio(lambda module=module: VlcBackend(module))
        assert libvlc.ok and not silent.ok
        assert f"audio output {module!r} is silent" in silent.what
        assert "PulseAudio" not in silent.what  # no device was asked of it


def test_database_checks(tmp_path):
    path = tmp_path / "data" / "pap-guide.db"
    open_database(path).close()

    def check():
        return check_database(path, lambda: None)

    assert all(f.ok for f in check())
    assert any("takes a write" in f.what for f in check())
    os.chmod(path, 0o644)
    bad = [f for f in check() if not f.ok]
    assert bad and bad[0].fix == f"chmod 600 {path}"
    path.write_bytes(b"SQLite format 3\x00" + b"damaged" * 500)  # a plain file, broken
    assert any("cannot be opened" in f.what and not f.ok for f in check())


def test_status_and_lines():
    lines = []
    assert (
        run_doctor([Finding(True, "fine"), Finding(False, "broken", "mend it")], lines.append) == 1
    )
    assert lines == ["ok      fine", "PROBLEM broken\n        fix: mend it", "1 problem(s) to fix."]
    assert run_doctor([Finding(True, "fine")], lines.append) == 0


def test_doctor_command_reports_a_broken_protocol(capsys, data_dir):
    (data_dir / "protocols").mkdir()
    (data_dir / "protocols" / "bad.toml").write_text("name = [")
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM protocol file: bad.toml" in out
    assert "standard-6h / Peak" in out


def test_a_data_folder_that_cannot_be_made_is_a_problem():
    from tests.helpers.faults import remount_read_only, remount_read_write, small_disk

    with small_disk(256) as home:  # a home on a disk mounted read-only: root cannot write
        remount_read_only(home)
        try:
            found = check_database(home / ".local" / "share" / "pap-guide" / "x.db", lambda: None)
        finally:
            remount_read_write(home)
    assert not found[0].ok, found
    assert "not writable" in found[0].what and "--data-dir" in found[0].fix


def test_a_missing_plugin_cache_is_a_problem_with_a_fix(tmp_path, monkeypatch):
    """Without plugins.dat libVLC opens every plugin at each start (160 ms here)."""
    from pap_guide.cli.doctor import check_plugin_cache

    monkeypatch.delenv("VLC_PLUGIN_PATH", raising=False)
    core = tmp_path / "lib" / "libvlccore.so.9.0.1"
    plugins = tmp_path / "lib" / "vlc" / "plugins"
    plugins.mkdir(parents=True)
    core.write_bytes(b"")
    maps = tmp_path / "maps"
    maps.write_text(f"7f00-7f01 r-xp 00000000 08:01 123 {core}\n")
    (missing,) = check_plugin_cache(maps)
    assert not missing.ok and str(plugins) in missing.what
    assert "apt-get install libvlc-bin" in missing.fix and "vlc-cache-gen" in missing.fix
    (plugins / "plugins.dat").write_bytes(b"cache")
    (found,) = check_plugin_cache(maps)
    assert found.ok and str(plugins / "plugins.dat") in found.what
    bundle = tmp_path / "bundle" / "plugins"  # the bundle's own plugins, uncached
    bundle.mkdir(parents=True)
    monkeypatch.setenv("VLC_PLUGIN_PATH", str(bundle))
    (missing,) = check_plugin_cache(maps)
    assert not missing.ok and str(bundle) in missing.what and str(plugins) not in missing.what
    assert check_plugin_cache(tmp_path / "no-maps") == []  # no libVLC loaded: nothing said
