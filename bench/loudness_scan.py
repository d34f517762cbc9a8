"""Speed and memory of the loudness scan, against FFmpeg's ebur128 filter.

Both measure the same files in the same run, interleaved, each in a new
process so its peak memory is its own: pap-guide's scan (PyAV decoding,
libEBUR128 through pyebur128, integrated loudness, true peak and the silent
edges) and ``ffmpeg -af ebur128=peak=true -f null -``. Speed is seconds of
audio measured per second of wall time; memory is the process's peak
resident size.

    python bench/loudness_scan.py [--minutes 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

from tests.helpers.audio_files import encoded

SCAN = (
    "import sys; sys.path.insert(0, {root!r});"
    "from pathlib import Path; from pap_guide.playback.loudness_scan import scan;"
    "scan(Path(sys.argv[1]))"
)


WRAP = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True,"
    " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and the command's own peak RSS in kB (read by a fresh wrapper)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAP, *command], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, int(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of each test file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print("ffmpeg is not installed (Debian: apt-get install ffmpeg)", file=sys.stderr)
        return 2
    seconds = args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = [
            encoded(folder, suffix, 220.0, 1000.0, seconds=seconds, dbfs=-14.0)
            for suffix in (".flac", ".mp3", ".opus")
        ]
        print(
            f"{len(files)} files of {args.minutes:g} min (FLAC, MP3, Opus), {args.runs} runs each"
        )
        ours: dict[str, list[tuple[float, int]]] = {}
        theirs: dict[str, list[tuple[float, int]]] = {}
        for _ in range(args.runs):
            for path in files:
                ours.setdefault(path.suffix, []).append(
                    timed([sys.executable, "-c", SCAN.format(root=str(ROOT)), str(path)])
                )
                theirs.setdefault(path.suffix, []).append(
                    timed(
                        [
                            ffmpeg,
                            "-nostats",
                            "-hide_banner",
                            "-i",
                            str(path),
                            "-af",
                            "ebur128=peak=true",
                            "-f",
                            "null",
                            "-",
                        ]
                    )
                )
        print("| file | pap-guide scan | ffmpeg ebur128 | speed ratio | memory |")
        print("| --- | --- | --- | --- | --- |")
        for suffix in ours:
            a = statistics.median(s for s, _ in ours[suffix])
            b = statistics.median(s for s, _ in theirs[suffix])
            ma = max(m for _, m in ours[suffix]) / 1024
            mb = max(m for _, m in theirs[suffix]) / 1024
            print(
                f"| {suffix} | {seconds / a:.0f}x real time, {ma:.0f} MB | "
                f"{seconds / b:.0f}x real time, {mb:.0f} MB | {a / b:.2f}x the time | "
                f"{ma / mb:.2f}x |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
