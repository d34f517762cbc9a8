"""Cold start of the packaged app (the .deb's bundle) against the source install.

Interleaved runs (source, package, source, package ...), each a new process
on the offscreen platform, timed from spawn:

- ``--version``: the command starting, parsing and exiting (no Qt, no libVLC);
- first frame and restored-and-usable, as bench/cold_start.py measures them
  (bench/start_probe.py's FRAME and READY): a session in progress, made once
  before the runs, restored with its log shown and its music started through
  libVLC into a private PulseAudio null sink (``--dummy``: libVLC's dummy
  output). The bundle runs the same probe through its ``-c`` mode, so every
  pap-guide module, Qt and libVLC come from the bundle.

Both installs play the same playlists, copied into the data folder, so the
loudness measured at set-up serves both.

    tools/package.sh
    python bench/package_start.py [--runs 10] [--dummy] [--bundle PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from common import ROOT, made_session, null_sink, probe_times, ratio, summary

PROBE = str(ROOT / "bench" / "start_probe.py")
BUNDLE = ROOT / "build" / "package" / "bundle" / "pap-guide" / "pap-guide"
# pap_guide imported first, from the bundle: the probe puts the source tree on sys.path
RUN_PROBE = f"import pap_guide, runpy; runpy.run_path({PROBE!r}, run_name='__main__')"


def timed(command: list[str], env: dict[str, str], want: tuple[str, ...]) -> dict[str, float]:
    """Seconds from spawn to exit ("EXIT") and to each line the probe reported."""
    start = time.monotonic()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    found = {"EXIT": time.monotonic() - start, **probe_times(proc.stdout, start)}
    if proc.returncode != 0 or not all(w in found for w in want):
        raise SystemExit(f"{command[:3]} said {proc.stdout[-1000:]!r}; {proc.stderr[-2000:]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--dummy", action="store_true", help="libVLC's dummy audio output")
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the packaged executable")
    args = parser.parse_args()
    if not args.bundle.is_file():
        raise SystemExit(f"no bundle at {args.bundle}: run tools/package.sh first")
    source_cli = str(Path(sys.executable).with_name("pap-guide"))
    figures: dict[str, dict[str, list[float]]] = {"source": {}, "package": {}}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tmp}
        output = "dummy" if args.dummy else "pulse"
        if not args.dummy:
            env["PULSE_SERVER"] = stack.enter_context(null_sink(Path(tmp)))
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "playlists", data / "playlists")
        shutil.copytree(ROOT / "assets", data / "assets")
        options = ["--audio-output", output]
        made_session(PROBE, str(data), options, {**env, "PYTHONPATH": str(ROOT)})
        source_env = {**env, "PYTHONPATH": str(ROOT)}
        package_env = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        runs = {
            "source": (
                [source_cli, "--version"],
                [sys.executable, PROBE, "app", str(data), *options],
                source_env,
            ),
            "package": (
                [str(args.bundle), "--version"],
                [str(args.bundle), "-c", RUN_PROBE, "app", str(data), *options],
                package_env,
            ),
        }
        for _ in range(args.runs):
            for name, (version, window, run_env) in runs.items():
                got = figures[name]
                got.setdefault("version", []).append(timed(version, run_env, ())["EXIT"])
                shown = timed(window, run_env, ("FRAME", "READY"))
                got.setdefault("frame", []).append(shown["FRAME"])
                got.setdefault("ready", []).append(shown["READY"])
    print(f"music through libVLC: --audio-output {output}; bundle {args.bundle}")
    for what, label in (
        ("version", "pap-guide --version, to exit"),
        ("frame", "window, first frame"),
        ("ready", "session restored and usable"),
    ):
        source, package = figures["source"][what], figures["package"][what]
        print(f"{label}:")
        print(f"  source install: {summary(source)}")
        print(f"  package:        {summary(package)}")
        print(f"  package / source: {ratio(package, source):.2f}x")


if __name__ == "__main__":
    main()
