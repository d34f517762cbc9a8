"""The ``pap-guide`` command: the window by default, or a subcommand.

Subcommands live in ``pap_guide.cli`` and never import Qt, so ``doctor`` runs
on the laptop it diagnoses even when Qt is broken there; only the window
(``pap_guide.app``) is imported for the GUI.
"""

from __future__ import annotations

import gc
import sys

from pap_guide.config.arguments import build_parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    if args.command is not None:
        from pap_guide.cli import run_command

        return run_command(args)
    # the window collects cycles on its GUI thread only (app/gui_gc.py), and its
    # start is quicker with no collections at all: off before its imports
    gc.disable()
    from pap_guide.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    raise SystemExit(main())
