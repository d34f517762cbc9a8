"""Guards against known faults in the Qt binding this project runs on."""

import sys


def test_process_events_keeps_its_references(qapp):
    # PySide6 6.12.0 released a reference to None on every processEvents()
    # call; after enough calls the interpreter aborts ("deallocating None").
    before = sys.getrefcount(None)
    for _ in range(2000):
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -100
