"""Runs the real app and reports every change to its environment once threads run.

    python -m tests.helpers.environment_driver --data-dir DIR

Starts a session (music plays; the loudness thread measures the shipped
tracks, which imports NumPy), waits until NumPy is in, then prints one
``CHANGE <event> <name> <thread>`` line for each putenv or unsetenv made while
another thread was running, and ``DONE <numpy imported: yes/no>``.
"""

from __future__ import annotations

import sys
import threading
import time

changes: list[str] = []


def _watch(event: str, args: tuple[object, ...]) -> None:
    if event in ("os.putenv", "os.unsetenv") and threading.active_count() > 1:
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        changes.append(f"{event} {name} {threading.current_thread().name}")


sys.addaudithook(_watch)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from pap_guide.app import create_window
    from tests.helpers.asker import AutoAsker
    from tests.helpers.ui import begin

    app = QApplication([])
    window = create_window(sys.argv[1:])
    window.asker = AutoAsker()
    begin(window)
    until = time.monotonic() + 30
    while "numpy._core" not in sys.modules and time.monotonic() < until:
        app.processEvents()
        time.sleep(0.02)
    time.sleep(1.0)  # numpy's import finishes (and would unset what it set)
    for change in changes:
        print(f"CHANGE {change}", flush=True)
    print(f"DONE {'yes' if 'numpy._core' in sys.modules else 'no'}", flush=True)


if __name__ == "__main__":
    main()
