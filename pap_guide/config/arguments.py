"""The ``pap-guide`` command line's arguments (no Qt: the subcommands share them)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from pap_guide import __version__

PASSPHRASE_ENV = "PAP_GUIDE_PASSPHRASE"  # scripts give the passphrase here; never asked then
MUSIC_OFF = "Music is off (--audio-output off)."  # the banner's line for that choice


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError("speed must be between 1 and 10000")
    return value


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """The options every command shares; given again after a subcommand, they count too."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS  # a subcommand's absent option is no reset

    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=default(None),
        help="database file (default: in the user data folder)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=default(None),
        help="folder for the database, the clinic's protocols and playlists",
    )
    parser.add_argument(
        "--audio-output",
        metavar="MODULE",
        default=default(None),
        help="libVLC audio output module (pulse, alsa, dummy, ...); "
        "'null' plays nothing and 'off' turns music off",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pap-guide",
        description="Session clock, phased music and monitor log for dosing sessions.",
    )
    parser.add_argument("--version", action="version", version=f"pap-guide {__version__}")
    _global_options(parser, defaults=True)
    shared = argparse.ArgumentParser(add_help=False)
    _global_options(shared, defaults=False)
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
    parser.add_argument(
        "--theme",
        choices=("night", "day"),
        default=None,
        help="night or day (default: the one chosen last, else night)",
    )
    parser.add_argument(
        "--lock-after",
        type=float,
        default=0,
        metavar="MINUTES",
        help="hide the record after this many minutes without input "
        "(the clock and music go on); 0 = never",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text, parents=[shared])

    command("protocols", "list the protocols and any broken protocol files")
    command("encrypt", "encrypt the records at rest with a passphrase")
    command("doctor", "check this laptop is ready: audio, database, disk, files")
    command("sessions", "list the sessions in the database (open, ended, rehearsal)")
    export = command(
        "export", "write one session's record as PDF, CSV or FHIR, or its music as M3U8"
    )
    export.add_argument("--session", type=int, required=True, metavar="ID")
    export.add_argument("--format", choices=("pdf", "csv", "fhir", "m3u8"), required=True)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4")
    push = command("push", "send ended sessions' records to the clinic's FHIR server")
    which = push.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID", help="this ended session")
    which.add_argument(
        "--pending", action="store_true", help="every push kept for later (whatever the wait)"
    )
    playlists = command("playlists", "check the playlists before a session")
    playlists_sub = playlists.add_subparsers(dest="playlists_command", required=True)
    check = playlists_sub.add_parser(
        "check", help="every entry plays; lengths fit the phases", parents=[shared]
    )
    check.add_argument(
        "--protocol",
        dest="check_protocol",
        metavar="NAME",
        help="only this protocol (default: all)",
    )
    return parser
