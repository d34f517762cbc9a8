"""The command-line subcommands. Nothing here imports Qt (a test proves it)."""

from __future__ import annotations

import argparse

from pap_guide.cli import commands

COMMANDS = {
    "protocols": commands.list_protocols,
    "sessions": commands.list_sessions,
    "encrypt": commands.encrypt,
    "doctor": commands.doctor,
    "export": commands.export_session,
    "playlists": commands.check_playlists,
    "push": commands.push_sessions,
}


def run_command(args: argparse.Namespace) -> int:
    return int(COMMANDS[args.command](args))
