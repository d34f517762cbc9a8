"""The process environment is settled before the app starts a thread, and never changed after.

glibc (2.36 on Debian 12) may free the array ``getenv`` walks when another
thread calls ``setenv``, ``putenv`` or ``unsetenv``, and libVLC's threads read
the environment while music plays. A change made later, on any thread, can
crash the app in the middle of a session.
"""

from __future__ import annotations

import os

# numpy sets this while it is first imported and removes it after. That import
# happens on the loudness thread, with libVLC playing; set once here, numpy
# finds it and leaves the environment alone.
SETTLED = {"OPENBLAS_MAIN_FREE": "1"}


def settle() -> None:
    """Set what a library would otherwise set later, while this is the only thread."""
    for name, value in SETTLED.items():
        os.environ.setdefault(name, value)
