"""``pap-guide doctor``: is this laptop ready for a session?

Each check says what it found, and for a problem what to do about it. The
exit status is non-zero when anything needs fixing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pap_guide.cli.disk_encryption import disk_encryption
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.preflight import check_protocol
from pap_guide.core.protocol import ProtocolCatalog
from pap_guide.store.database import is_encrypted
from pap_guide.store.health import check_records

MIN_FREE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        text = f"{'ok     ' if self.ok else 'PROBLEM'} {self.what}"
        return text + (f"\n        fix: {self.fix}" if self.fix and not self.ok else "")


SILENT_OUTPUTS = ("dummy", "adummy", "amem")  # libVLC modules that play to nothing


def check_audio(make_backend: Callable[[], object]) -> list[Finding]:
    try:
        backend = make_backend()
    except Exception as exc:  # any failure to load is the finding itself
        return [
            Finding(
                False,
                f"libVLC: {exc}",
                "Debian/Ubuntu: sudo apt-get install "
                "libvlc5 vlc-plugin-base; elsewhere install VLC 3",
            )
        ]
    version = backend.version()  # type: ignore[attr-defined]
    found = [Finding(True, f"libVLC {version} loads{libvlc_origin()}")]
    module = getattr(backend, "output_module", None) or "pulse"
    if module in SILENT_OUTPUTS:  # rehearsals and tests: nothing is meant to be heard
        found.append(
            Finding(
                False,
                f"audio output {module!r} is silent: nothing would be heard in the room",
                "for a session, start pap-guide without --audio-output (PulseAudio)",
            )
        )
        return found
    devices = backend.output_devices()  # type: ignore[attr-defined]
    if devices:
        found.append(Finding(True, "audio devices: " + ", ".join(d for _, d in devices)))
    else:
        server = " (PulseAudio)" if module == "pulse" else ""
        found.append(
            Finding(
                False,
                f"no audio output device was listed by libVLC's {module!r} output{server}",
                "connect headphones or speakers, check the sound server is "
                "running (pactl info), or choose a module with --audio-output",
            )
        )
    return found


def _mapped(prefix: str, maps: Path) -> str | None:
    """The file of a shared library this process has loaded (Linux: /proc/self/maps)."""
    try:
        lines = maps.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and Path(fields[5]).name.startswith(prefix):
            return fields[5].strip()
    return None


def plugin_folders(maps: Path = Path("/proc/self/maps")) -> list[str]:
    """Where the loaded libVLC takes its plugins from ([] if no libVLC is loaded).

    libVLC loads the plugins in ``vlc/plugins`` beside its libvlccore, and
    those of VLC_PLUGIN_PATH too (the bundle sets it to its own folder).
    """
    core = _mapped("libvlccore.so", maps)
    if core is None:
        return []
    folders = [str(Path(core).parent / "vlc" / "plugins")]
    return folders + [
        f for f in os.environ.get("VLC_PLUGIN_PATH", "").split(os.pathsep) if f and f not in folders
    ]


def libvlc_origin(maps: Path = Path("/proc/self/maps")) -> str:
    """Which libVLC was loaded and where its plugins come from, or "" if unknown."""
    library = _mapped("libvlc.so", maps)
    folders = plugin_folders(maps)
    if library is None or not folders:
        return ""
    return f" from {library} (plugins: {', '.join(folders)})"


FIX_PLUGIN_CACHE = (
    "Debian/Ubuntu: sudo apt-get install libvlc-bin (it writes the cache, and again "
    "whenever VLC's plugins change); elsewhere run VLC's vlc-cache-gen on that folder"
)


def check_plugin_cache(maps: Path = Path("/proc/self/maps")) -> list[Finding]:
    """libVLC's plugin cache (plugins.dat) in each folder it loads plugins from.

    Without one libVLC opens every plugin at each start to learn what it does:
    160 ms against 7 ms with the cache, measured on a development machine."""
    folders = [Path(folder) for folder in plugin_folders(maps) if Path(folder).is_dir()]
    missing = [folder for folder in folders if not (folder / "plugins.dat").is_file()]
    if not folders:
        return []
    if missing:
        where = ", ".join(str(folder) for folder in missing)
        return [
            Finding(
                False,
                f"libVLC has no plugin cache (plugins.dat) in {where}: it opens every "
                "plugin at each start (some 0.15 s more before the music)",
                FIX_PLUGIN_CACHE,
            )
        ]
    return [
        Finding(
            True, "libVLC's plugin cache: " + ", ".join(str(f / "plugins.dat") for f in folders)
        )
    ]


QT_PROBE = "import PySide6.QtWidgets, PySide6.QtCharts, PySide6.QtPrintSupport"
FIX_QT = (
    "reinstall pap-guide's Python packages (tools/bootstrap.sh app), and on Debian/Ubuntu "
    "the Qt runtime libraries: sudo apt-get install libegl1 libgl1 libxkbcommon0 "
    "libxcb-cursor0 libfontconfig1"
)


def check_qt(python: str = sys.executable) -> list[Finding]:
    """Qt loads, in a child process: a broken Qt may crash rather than raise."""
    try:
        done = subprocess.run(
            [python, "-c", QT_PROBE], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Finding(False, f"Qt (PySide6) could not be checked: {exc}", FIX_QT)]
    if done.returncode == 0:
        return [Finding(True, "Qt (PySide6) loads")]
    lines = (done.stderr or "").strip().splitlines() or [f"exit status {done.returncode}"]
    return [Finding(False, f"Qt (PySide6) does not load: {lines[-1]}", FIX_QT)]


def check_database(path: Path, passphrase: Callable[[], str | None]) -> list[Finding]:
    """The folder, then the file opened as the app opens it (``passphrase`` if encrypted)."""
    folder = path.parent
    if not folder.exists():
        above = next(p for p in folder.parents if p.exists())
        if not os.access(above, os.W_OK | os.X_OK):  # a read-only home: the app cannot start
            return [
                Finding(
                    False,
                    f"database folder {folder} cannot be made: {above} is not writable",
                    f"give this user write access to {above}, or start with --data-dir",
                )
            ]
        return [Finding(True, f"database folder {folder} will be created at first start")]
    found = _folder(folder)
    if not path.exists():
        return [*found, Finding(True, f"no database yet: {path} is made at first start")]
    mode = path.stat().st_mode & 0o777
    found.append(Finding(mode & 0o077 == 0, f"database permissions {mode:o}", f"chmod 600 {path}"))
    encrypted = is_encrypted(path)
    key = passphrase() if encrypted else None
    if encrypted and key is None:
        return [
            *found,
            Finding(
                False,
                "database encrypted at rest, but not checked: no passphrase was given",
                "run doctor in a terminal to type it, or set PAP_GUIDE_PASSPHRASE",
            ),
        ]
    found += [Finding(c.ok, c.what, c.fix) for c in check_records(path, key)]
    return [*found, _at_rest(folder, encrypted)]


def _at_rest(folder: Path, encrypted: bool) -> Finding:
    """Encrypted at rest: the database itself, or the disk it is on."""
    disk = disk_encryption(folder)
    if encrypted:
        where = f", on a {disk} encrypted disk" if disk else ""
        return Finding(True, f"database encrypted at rest with its passphrase{where}")
    if disk:
        return Finding(True, f"data folder on a {disk} encrypted disk (the database is plain)")
    return Finding(  # a recommendation, not a reason to stop a session
        True,
        "neither the database nor its disk is encrypted at rest: recommended, turn on "
        "full-disk encryption (LUKS) for this laptop and run 'pap-guide encrypt' (encrypt "
        "cannot wipe plaintext already on the disk, so do both before real sessions)",
    )


def _folder(folder: Path) -> list[Finding]:
    free = shutil.disk_usage(folder).free
    mode = folder.stat().st_mode & 0o777
    return [
        Finding(
            free >= MIN_FREE_BYTES,
            f"free disk at {folder}: {free / 1024**3:.1f} GiB",
            "free some space on this disk",
        ),
        _writable(folder),
        Finding(mode & 0o077 == 0, f"data folder permissions {mode:o}", f"chmod 700 {folder}"),
    ]


def _writable(folder: Path) -> Finding:
    """Proved by writing a file (os.access believes a read-only mount is writable)."""
    probe = folder / f".doctor-probe-{os.getpid()}"
    try:
        with probe.open("xb") as handle:
            handle.write(b"probe")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return Finding(False, f"{folder} does not take a file: {exc.strerror or exc}",
                       f"make {folder} writable for this user, on a disk with room")  # fmt: skip
    finally:
        with contextlib.suppress(OSError):  # a read-only disk refuses even this
            probe.unlink(missing_ok=True)
    return Finding(True, f"{folder} takes a file (written, synced and removed)")


def check_content(
    catalog: ProtocolCatalog, library: PlaylistLibrary, measure: Callable[[Path], float | None]
) -> list[Finding]:
    found = [
        Finding(False, f"protocol file: {error}", "fix the file named above")
        for error in catalog.errors
    ]
    found.append(
        Finding(
            bool(catalog.protocols),
            f"{len(catalog.protocols)} protocols: " + ", ".join(sorted(catalog.protocols)),
            "add a protocol file",
        )
    )
    for protocol in catalog.protocols.values():
        for check in check_protocol(protocol, library, measure):
            found.append(
                Finding(
                    not check.problems and check.tracks > 0,
                    check.summary(),
                    "; ".join(check.problems) or "add playable tracks (Playlists… in the app)",
                )
            )
    return found


def run_doctor(findings: list[Finding], out: Callable[[str], None]) -> int:
    for finding in findings:
        out(finding.line())
    problems = sum(1 for f in findings if not f.ok)
    out("Ready for a session." if not problems else f"{problems} problem(s) to fix.")
    return 1 if problems else 0
