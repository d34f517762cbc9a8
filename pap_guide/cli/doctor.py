"""``pap-guide doctor``: is this laptop ready for a session?

Each check says what it found, and for a problem what to do about it. The
exit status is non-zero when anything needs fixing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.preflight import check_protocol
from pap_guide.core.protocol import ProtocolCatalog
from pap_guide.store.database import is_encrypted

MIN_FREE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        text = f"{'ok     ' if self.ok else 'PROBLEM'} {self.what}"
        return text + (f"\n        fix: {self.fix}" if self.fix and not self.ok else "")


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
    found = [Finding(True, f"libVLC {backend.version()} loads")]  # type: ignore[attr-defined]
    devices = backend.output_devices()  # type: ignore[attr-defined]
    if devices:
        found.append(Finding(True, "audio devices: " + ", ".join(d for _, d in devices)))
    else:
        found.append(
            Finding(
                False,
                "no audio output device was listed (PulseAudio)",
                "connect headphones or speakers, check the sound server is "
                "running (pactl info), or choose a module with --audio-output",
            )
        )
    return found


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


def check_database(path: Path) -> list[Finding]:
    found = []
    folder = path.parent
    if not folder.exists():
        return [Finding(True, f"database folder {folder} will be created at first start")]
    free = shutil.disk_usage(folder).free
    found.append(
        Finding(
            free >= MIN_FREE_BYTES,
            f"free disk at {folder}: {free / 1024**3:.1f} GiB",
            "free some space on this disk",
        )
    )
    found.append(
        Finding(
            os.access(folder, os.W_OK),
            f"{folder} is writable",
            f"make {folder} writable for this user",
        )
    )
    mode = folder.stat().st_mode & 0o777
    found.append(
        Finding(mode & 0o077 == 0, f"data folder permissions {mode:o}", f"chmod 700 {folder}")
    )
    if path.exists() and is_encrypted(path):
        mode = path.stat().st_mode & 0o777
        found.append(
            Finding(mode & 0o077 == 0, f"database permissions {mode:o}", f"chmod 600 {path}")
        )
        found.append(
            Finding(
                True,
                "database encrypted at rest (integrity is checked when "
                "the app opens it with the passphrase)",
            )
        )
        return found
    if path.exists():
        mode = path.stat().st_mode & 0o777
        found.append(
            Finding(mode & 0o077 == 0, f"database permissions {mode:o}", f"chmod 600 {path}")
        )
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        found.append(
            Finding(
                result == "ok",
                f"database integrity: {result}",
                "keep a copy of the file and contact support before a session",
            )
        )
    found.append(
        Finding(
            True,
            "database not encrypted at rest: 'pap-guide encrypt' protects it with a passphrase",
        )
    )
    return found


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
