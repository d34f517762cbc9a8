"""What SQL the app runs: every statement on every open sqlite3 connection."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable


def statements_during(action: Callable[[], object]) -> list[str]:
    """Every SQL statement any open connection runs while ``action`` runs."""
    seen: list[str] = []
    connections = [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]
    for connection in connections:
        connection.set_trace_callback(seen.append)
    try:
        action()
    finally:
        for connection in connections:
            connection.set_trace_callback(None)
    return seen
