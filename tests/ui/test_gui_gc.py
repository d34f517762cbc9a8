"""Cycles are collected on the GUI thread only: a QObject in a cycle freed by the
loudness scanner's thread was destroyed there, and its destructor and the GUI
thread each waited for what the other held (the window hung)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path

from PySide6.QtCore import QObject


def test_a_qobject_in_a_cycle_is_freed_on_the_gui_thread(make_window, qtbot):
    make_window()  # the app as it starts
    assert not gc.isenabled()
    freed_on: list[int] = []
    held = QObject()
    held.me = held  # a cycle: only the collector frees it
    weakref.finalize(held, lambda: freed_on.append(threading.get_ident()))
    del held

    def busy() -> None:  # allocates as a scan does: Python collected in this thread
        junk = []
        for _ in range(200_000):
            pair: list[object] = []
            pair.append(pair)
            junk.append(pair)
            if len(junk) > 1000:
                junk.clear()

    worker = threading.Thread(target=busy)
    worker.start()
    worker.join()
    assert freed_on == []  # nothing collected on the worker's thread
    qtbot.waitUntil(lambda: freed_on != [], timeout=5000)
    assert freed_on == [threading.main_thread().ident]


def test_the_first_collection_frees_the_starts_cycles_then_freezes_what_it_kept(qapp):
    """A whole collection, then the start's objects out of every later one: walking
    the window's objects once a minute is CPU spent beside the music for nothing."""
    from pap_guide.app.gui_gc import GuiThreadCollector

    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(qapp)
    collector.timer.stop()  # driven by hand here
    try:
        freed: list[bool] = []
        cycle = QObject()
        cycle.me = cycle
        weakref.finalize(cycle, lambda: freed.append(True))
        del cycle
        gc.unfreeze()  # as if nothing were frozen yet
        kept = [QObject() for _ in range(3)]
        collector.collect()
        assert freed == [True]  # collected before the freeze, not frozen with the rest
        assert gc.get_freeze_count() >= len(kept)
    finally:
        if was_enabled:
            gc.enable()


def test_the_command_imports_the_window_with_collection_off(tmp_path):
    """``pap-guide`` turns automatic collection off before the window's imports (the
    GUI thread collects later): some 70 collections, 30 ms, of every start before."""
    code = (
        "import gc, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pap_guide.app':\n"
        "            seen.append(gc.isenabled())\n"
        "            raise SystemExit(f'ENABLED {seen[0]}')\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from pap_guide.main import main\n"
        "main(['--data-dir', sys.argv[1]])\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "ENABLED False" in done.stderr, done.stderr[-2000:]
