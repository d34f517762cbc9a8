"""The bundle's one executable: the ``pap-guide`` command, GUI and CLI alike.

It runs ``pap_guide.main:main`` exactly as the console script does. pap-guide
also starts itself as a child through ``sys.executable``, which in a bundle
is this executable rather than a Python: ``doctor`` checks Qt with
``-c CODE`` and the window sends pending FHIR pushes with
``-m pap_guide ARGS``. Both forms are understood here, so those children run
inside the bundle too.
"""

from __future__ import annotations

import sys


def run(args: list[str]) -> int:
    if len(args) >= 2 and args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        return 0
    if args[:2] == ["-m", "pap_guide"]:
        args = args[2:]
        sys.argv = [sys.argv[0], *args]
    from pap_guide.main import main

    return main(args)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
