"""Two trees' starts interleaved: the code before a change against the code after.

Each run spawns a tree's own ``bench/start_probe.py app`` on a restored session
made once for each tree by its own probe ``setup`` (the session's music is the
tree's own demo tracks, their loudness measured: a tree started on the other's
session measured its own tracks in the background at every start, 10 to 15 %
of its time to the music), alternating which tree goes first, and reads the
milliseconds from the spawn to its first frame
(FRAME) and to the session restored and usable (READY). The medians of the two
trees, measured in the same minutes, compare the code; a ratio against a bare
window (``bench/cold_start.py``) moves with the machine's hour.

    python bench/start_ab.py BEFORE_TREE AFTER_TREE [--runs 16]

A tree is a checkout of pap-guide (``git worktree add /tmp/before REV``).
libVLC plays into its dummy output.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import made_session, probe_times

DUMMY = ("--audio-output", "dummy")


def start(tree: Path, data: str, env: dict[str, str]) -> dict[str, float]:
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(tree / "bench" / "start_probe.py"), "app", data, *DUMMY],
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found = probe_times(done.stdout, began)
    if "READY" not in found:
        raise SystemExit(f"{tree}: {done.stdout!r} {done.stderr[-2000:]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=16)
    args = parser.parse_args()
    trees = [args.before.resolve(), args.after.resolve()]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed app: compiled once
    for tree in trees:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "pap_guide")])
    times: dict[Path, dict[str, list[float]]] = {t: {"FRAME": [], "READY": []} for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        data = {tree: str(Path(tmp) / f"data{number}") for number, tree in enumerate(trees)}
        for tree in trees:
            probe = str(tree / "bench" / "start_probe.py")
            made_session(probe, data[tree], list(DUMMY), {**env, "PYTHONPATH": str(tree)})
        for run in range(args.runs):
            for tree in trees if run % 2 == 0 else trees[::-1]:
                found = start(tree, data[tree], env)
                for key in ("FRAME", "READY"):
                    times[tree][key].append(found[key] * 1000)
    for label, tree in zip(("before", "after"), trees, strict=True):
        frame = statistics.median(times[tree]["FRAME"])
        ready = statistics.median(times[tree]["READY"])
        print(f"{label} {tree}: first frame {frame:.0f} ms, restored {ready:.0f} ms")
    for key in ("FRAME", "READY"):
        ratio = statistics.median(times[trees[1]][key]) / statistics.median(times[trees[0]][key])
        print(f"{key.lower()} after / before: {ratio:.2f}x (n={args.runs} each)")


if __name__ == "__main__":
    main()
