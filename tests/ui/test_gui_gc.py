"""Cycles are collected on the GUI thread only: a QObject in a cycle freed by the
loudness scanner's thread was destroyed there, and its destructor and the GUI
thread each waited for what the other held (the window hung)."""

from __future__ import annotations

import gc
import threading
import weakref

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
