"""The ``pap-guide`` command line's arguments (no Qt: the subcommands share them)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from pap_guide import __version__

PASSPHRASE_ENV = "PAP_GUIDE_PASSPHRASE"  # scripts give the passphrase here; never asked then


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError("speed must be between 1 and 10000")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pap-guide",
        description="Session clock, phased music and monitor log for dosing sessions.",
    )
    parser.add_argument("--version", action="version", version=f"pap-guide {__version__}")
    parser.add_argument(
        "--db", type=Path, metavar="PATH", help="database file (default: in the user data folder)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder for the database, the clinic's protocols and playlists",
    )
    parser.add_argument("--protocol", metavar="NAME", help="protocol preselected at start")
    parser.add_argument(
        "--patient", metavar="CODE", help="pseudonymous patient code filled in at session set-up"
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="N",
        help="rehearsal: run the session clock N times faster",
    )
    parser.add_argument("--theme", choices=("night", "day"), default="night")
    parser.add_argument(
        "--lock-after",
        type=float,
        default=0,
        metavar="MINUTES",
        help="hide the record after this many minutes without input "
        "(the clock and music go on); 0 = never",
    )
    parser.add_argument(
        "--audio-output",
        metavar="MODULE",
        help="libVLC audio output module (pulse, alsa, dummy, ...); "
        "'null' plays nothing and 'off' turns music off",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("protocols", help="list the protocols and any broken protocol files")
    sub.add_parser("encrypt", help="encrypt the records at rest with a passphrase")
    sub.add_parser("doctor", help="check this laptop is ready: audio, database, disk, files")
    sub.add_parser("sessions", help="list the sessions in the database (open, ended, rehearsal)")
    export = sub.add_parser("export", help="write one session's record as PDF, CSV or FHIR")
    export.add_argument("--session", type=int, required=True, metavar="ID")
    export.add_argument("--format", choices=("pdf", "csv", "fhir"), required=True)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4")
    playlists = sub.add_parser("playlists", help="check the playlists before a session")
    playlists_sub = playlists.add_subparsers(dest="playlists_command", required=True)
    check = playlists_sub.add_parser("check", help="every entry plays; lengths fit the phases")
    check.add_argument(
        "--protocol",
        dest="check_protocol",
        metavar="NAME",
        help="only this protocol (default: all)",
    )
    return parser
