"""The .deb for clinics: built by tools/package.sh, unpacked, and run from there.

The package is unpacked with ``dpkg-deb -x`` into a temporary root and its
bundle (``<root>/opt/pap-guide/pap-guide``) runs with HOME in a temporary
folder, so the data folder lands under it. As root, each run also hides the
system's VLC (a tmpfs over its plugin folder, /dev/null over its libraries,
in a mount namespace of the run's own): the bundle must play with its own.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest

from pap_guide import __version__
from tests.conftest import ROOT
from tests.helpers.faults import need_tool
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = pytest.mark.slow

SIZES = (16, 24, 32, 48, 64, 128, 256)
MULTIARCH = Path("/usr/lib/x86_64-linux-gnu")
SYSTEM_VLC = [MULTIARCH / "libvlc.so.5", MULTIARCH / "libvlccore.so.9"]
PASSPHRASE = "correct horse battery"


@pytest.fixture(scope="module")
def deb() -> Path:
    need_tool("dpkg-deb", "dpkg")
    started = time.monotonic()
    built = subprocess.run(
        [str(ROOT / "tools" / "package.sh")],
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert built.returncode == 0, f"tools/package.sh failed:\n{built.stderr[-4000:]}"
    path = Path(built.stdout.strip().splitlines()[-1])
    print(f"package built in {time.monotonic() - started:.0f} s: {path}")
    return path


@pytest.fixture(scope="module")
def root(deb: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(folder)], check=True)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def data_folder(home: Path) -> Path:
    """The data folder the packaged app uses for this HOME (no --data-dir given)."""
    return home / ".local" / "share" / "pap-guide"


def bundle_env(home: Path, **extra: str) -> dict[str, str]:
    """The user's environment, without the test's virtualenv or XDG folders."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "VLC_PLUGIN_PATH", "PYTHON_VLC_LIB_PATH")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("XDG_")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    return {**env, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


def _can_hide_vlc() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0


HIDE_VLC = _can_hide_vlc()


def command(root: Path, *args: str) -> list[str]:
    """The bundle's executable with ``args``, the system's VLC hidden when we can."""
    exe = [str(root / "opt" / "pap-guide" / "pap-guide"), *args]
    if not HIDE_VLC:
        return exe
    hide = [f"mount -t tmpfs tmpfs {MULTIARCH / 'vlc'}"] if (MULTIARCH / "vlc").is_dir() else []
    hide += [f"mount --bind /dev/null {p.resolve()}" for p in SYSTEM_VLC if p.exists()]
    script = " && ".join([*hide, 'exec "$@"'])
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *exe]


def run(root: Path, home: Path, *args: str, timeout: float = 120, **env: str):
    return subprocess.run(
        command(root, *args),
        env=bundle_env(home, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_control_fields(deb: Path):
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    control = dict(
        line.split(": ", 1) for line in fields.splitlines() if ": " in line and line[0] != " "
    )
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert control["Package"] == "pap-guide"
    assert control["Version"] == __version__
    assert control["Architecture"] == arch
    assert deb.name == f"pap-guide_{__version__}_{arch}.deb"
    depends = {d.split()[0] for d in control["Depends"].split(", ")}
    # what the bundle takes from the system: the C library, the sound server's and
    # ALSA's client libraries, the display stack Qt's xcb plugin loads
    for package in ("libc6", "libpulse0", "libasound2", "libxcb1", "libxkbcommon0", "libegl1"):
        assert package in depends, control["Depends"]
    assert not any("vlc" in d for d in depends), "libVLC is in the bundle, not a dependency"
    assert "libpython3" not in control["Depends"]


def test_files_and_desktop_entry(root: Path):
    launcher = root / "usr" / "bin" / "pap-guide"
    assert os.access(launcher, os.X_OK)
    assert "/opt/pap-guide/pap-guide" in launcher.read_text()
    assert os.access(root / "opt" / "pap-guide" / "pap-guide", os.X_OK)
    internal = root / "opt" / "pap-guide" / "_internal"
    assert (internal / "libvlc.so.5").is_file() and (internal / "libvlccore.so.9").is_file()
    for plugin in ("audio_output/libpulse_plugin.so", "codec/libvorbis_plugin.so"):
        assert (internal / "vlc" / "plugins" / plugin).is_file(), plugin
    for data in ("protocols/standard-6h.toml", "_data/playlists/peak.m3u8", "icons/pap-guide.svg"):
        assert (internal / "pap_guide" / data).is_file(), data
    assert any((internal / "pap_guide" / "_data" / "assets" / "music").glob("*.ogg"))

    desktop = root / "usr" / "share" / "applications" / "pap-guide.desktop"
    validated = subprocess.run(
        [need_tool("desktop-file-validate", "desktop-file-utils"), str(desktop)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    entry = dict(line.split("=", 1) for line in desktop.read_text().splitlines() if "=" in line)
    assert entry["Exec"] == "pap-guide" and entry["Icon"] == "pap-guide"
    assert entry["Terminal"] == "false" and entry["Type"] == "Application"
    assert entry["StartupWMClass"] == "pap-guide"  # run_gui's application name

    icons = root / "usr" / "share" / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "pap-guide.svg").is_file()
    for size in SIZES:
        assert png_size(icons / f"{size}x{size}" / "apps" / "pap-guide.png") == (size, size)


def test_doctor_uses_the_bundled_libvlc(root: Path, home: Path, tmp_path: Path):
    with null_sink(tmp_path) as server:
        done = run(root, home, "doctor", PULSE_SERVER=server)
    internal = root / "opt" / "pap-guide" / "_internal"
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "ok      Qt (PySide6) loads" in out  # the '-c' child runs in the bundle too
    assert f"from {internal / 'libvlc.so.5'} (plugins: {internal / 'vlc' / 'plugins'})" in out
    assert "4 protocols:" in out and "Ready for a session." in out
    assert str(data_folder(home)) in out  # the data folder under the user's home


def test_playlists_check_in_every_format(root: Path, home: Path):
    from tests.helpers.audio_files import FORMATS, encoded

    playlists = data_folder(home) / "playlists"
    playlists.mkdir(parents=True)
    names = [encoded(playlists, suffix, 440, name=f"tone{suffix[1:]}").name for suffix in FORMATS]
    (playlists / "introspection.m3u8").write_text("#EXTM3U\n" + "\n".join(names) + "\n")
    done = run(root, home, "playlists", "check", "--protocol", "standard-6h", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    # every file opened by the bundled libVLC (6 x 3 s long) and measured by PyAV
    assert "ok      standard-6h / Introspection: introspection.m3u8, 6 tracks, 0:00:1" in (
        done.stdout
    )
    assert "cannot" not in done.stdout.lower(), done.stdout


def test_exports_and_encryption(root: Path, home: Path, tmp_path: Path):
    from tests.helpers.scripted import scripted_session

    data = data_folder(home)
    data.mkdir(parents=True)
    session = scripted_session(data)
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "pdf"):
        done = run(root, home, "export", "--session", str(session), "--format", fmt,
                   "--out", str(out / f"record.{fmt}"))  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    with (out / "record.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 5 and any("Vomited once" in " ".join(r.values()) for r in rows), rows
    text = subprocess.run(
        [need_tool("pdftotext", "poppler-utils"), str(out / "record.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "P-0142" in text and "Vomited once" in text, text

    encrypted = run(root, home, "encrypt", PAP_GUIDE_PASSPHRASE=PASSPHRASE)
    assert encrypted.returncode == 0, encrypted.stdout + encrypted.stderr
    assert not (data / "pap-guide.db").read_bytes().startswith(b"SQLite format 3")
    checked = run(root, home, "doctor", PAP_GUIDE_PASSPHRASE=PASSPHRASE)
    assert "ok      database encrypted at rest with its passphrase" in checked.stdout
    again = run(root, home, "export", "--session", str(session), "--format", "csv",
                "--out", str(out / "again.csv"), PAP_GUIDE_PASSPHRASE=PASSPHRASE)  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert (out / "again.csv").read_text() == (out / "record.csv").read_text()


def test_window_icon_loads_in_the_bundle(root: Path, home: Path):
    probe = (
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtGui import QIcon\n"
        "from pap_guide.config.locations import icon_file\n"
        "app = QApplication([])\n"
        "icon = QIcon(str(icon_file()))\n"
        "print('ICON', icon_file(), icon.pixmap(16).isNull(), icon.pixmap(256).width())\n"
    )
    done = run(root, home, "-c", probe)
    internal = root / "opt" / "pap-guide" / "_internal"
    assert f"ICON {internal / 'pap_guide' / 'icons' / 'pap-guide.svg'} False 256" in done.stdout, (
        done.stdout + done.stderr
    )


def open_rehearsal(data: Path) -> int:
    """An open rehearsal at 60x with its dose given: the window restores it, music playing."""
    from pap_guide.config.locations import Locations
    from pap_guide.core.clinical import SessionDesk
    from pap_guide.core.clock import RehearsalClock, SystemClock
    from pap_guide.core.controller import SessionController
    from pap_guide.core.protocol import load_catalog
    from pap_guide.core.recorder import Recorder
    from pap_guide.store.actions import ActionRepository
    from pap_guide.store.database import open_database
    from pap_guide.store.sessions import SessionRepository

    locations = Locations(data)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    db = open_database(locations.database)
    base = SystemClock()
    controller = SessionController(
        RehearsalClock(base, 60, base.now()),
        SessionRepository(db),
        catalog.protocols,
        Recorder(ActionRepository(db)),
    )
    desk = SessionDesk(controller)
    desk.start("standard-6h", "P-0142", "dosing", {"Mara": "guide"}, reason="test")
    desk.dose(25, "Mara", reason="test")
    db.close()
    return controller.session.id


def test_gui_plays_a_rehearsal_into_the_null_sink(root: Path, home: Path, tmp_path: Path):
    from pap_guide.store.database import open_database
    from pap_guide.store.plays import PlayRepository

    data = data_folder(home)
    data.mkdir(parents=True)
    session = open_rehearsal(data)
    raw = tmp_path / "sink.raw"
    (tmp_path / "pulse").mkdir()
    with null_sink(tmp_path / "pulse") as server, recording(server, raw):
        proc = subprocess.Popen(
            command(root, "--speed", "60", "--audio-output", "pulse"),
            env=bundle_env(home, PULSE_SERVER=server),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(8)
        alive = proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            pytest.fail(f"the window did not stop on SIGTERM: {err[-2000:]}")
    assert alive, f"the packaged window stopped by itself: {err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    heard = [rms for _, rms, _ in window_levels(raw)]
    assert sum(1 for rms in heard if rms > 0.005) >= 20, "no music reached the null sink"
    db = open_database(data / "pap-guide.db")
    starts = [r for r in PlayRepository(db).history(session) if r["kind"] == "start"]
    db.close()
    music = root / "opt" / "pap-guide" / "_internal" / "pap_guide" / "_data" / "assets" / "music"
    assert starts and all(Path(r["file"]).resolve().parent == music for r in starts), starts
