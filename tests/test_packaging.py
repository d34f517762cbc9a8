"""A non-editable install carries the protocols, playlists and demo music."""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_shipped_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("pap_guide-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pap_guide/protocols/standard-6h.toml" in names
    for mood in ("introspection", "peak", "release", "return"):
        assert f"pap_guide/_data/playlists/{mood}.m3u8" in names
        assert any(n.startswith(f"pap_guide/_data/assets/music/{mood}-") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "pap-guide = pap_guide.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_layout_is_preferred(tmp_path, monkeypatch):
    from pap_guide.config import locations as resources

    (tmp_path / "_data" / "playlists").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path)
    assert resources.shipped_dir("playlists") == tmp_path / "_data" / "playlists"


def test_source_layout_is_the_fallback():
    from pap_guide.config import locations as resources

    assert resources.shipped_dir("assets") == ROOT / "assets"


def test_demo_music_is_small_and_playlists_resolve():
    total = sum(p.stat().st_size for p in (ROOT / "assets").rglob("*") if p.is_file())
    assert total <= 6 * 1024 * 1024
    for playlist in (ROOT / "playlists").glob("*.m3u8"):
        entries = [
            line for line in playlist.read_text().splitlines() if line and not line.startswith("#")
        ]
        assert len(entries) >= 2
        for entry in entries:
            assert (playlist.parent / entry).is_file(), entry
