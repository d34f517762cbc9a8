"""Runs the real app through one whole dosing session, one action per button, for kill sweeps.

    python -m tests.helpers.action_driver --data-dir DIR

Builds the real window offscreen (protocol ``mdma``, music off so that only the buttons
write) on a FakeClock, stops its ticker, then clicks, printing ``DONE <what>`` after each
once nothing waits to be saved: the set-up (three people), the first dose with the checklist
left open (the dose and its override are one action), a supplemental dose inside the
protocol's window, and an early end with a reason (the discharge ticks, the override and the
end are one action). Each printed action must be in the database even if the run is killed
later. Exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from pap_guide.app import create_window
from pap_guide.core.clock import FakeClock
from pap_guide.ui.asker import DoseRequest, SetupRequest
from tests.helpers.asker import PEOPLE, AutoAsker
from tests.helpers.ui import child

FIRST_DOSE_MG = 120.0
SUPPLEMENTAL_MG = 60.0
# mdma.toml: supplemental window 90..150 min after the first dose, minimum length 360 min.
BEFORE_SUPPLEMENTAL_S = 100 * 60
BEFORE_END_S = 20 * 60


def done(window, what: str) -> None:  # type: ignore[no-untyped-def]
    """Report an action whose commit has returned (it is on disk now)."""
    assert not window.runner.recorder.pending, f"{what} is not on disk"
    print(f"DONE {what}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    clock = FakeClock()
    window = create_window(
        ["--data-dir", args.data_dir, "--audio-output", "off", "--protocol", "mdma"],
        clock=clock,
    )
    window.ticker.stop()
    asker = AutoAsker()
    asker.setup_request = SetupRequest("P-0142", "dosing", dict(PEOPLE))
    window.asker = asker
    desk = window.desk
    assert not desk.is_open(), "the data folder must be fresh"

    child(window, "startSessionButton").click()
    assert desk.is_open() and desk.session is not None, "set-up refused"
    assert len(desk.facts().people) == len(PEOPLE)
    done(window, "session set-up")

    clock.advance(60)
    asker.dose_request = DoseRequest(FIRST_DOSE_MG, 0, "LOT-1")
    questions = len(asker.questions)
    child(window, "recordDoseButton").click()
    assert len(desk.facts().doses) == 1, "first dose refused"
    assert len(asker.questions) == questions + 1, "the open checklist asked for no reason"
    done(window, "dose")

    clock.advance(BEFORE_SUPPLEMENTAL_S)
    asker.dose_request = DoseRequest(SUPPLEMENTAL_MG, 0, "LOT-2")
    questions = len(asker.questions)
    child(window, "recordDoseButton").click()
    assert len(desk.facts().doses) == 2, "supplemental dose refused"
    assert len(asker.questions) == questions, "the supplemental dose asked for a reason"
    done(window, "dose")

    clock.advance(BEFORE_END_S)
    questions = len(asker.questions)
    child(window, "endSessionButton").click()
    assert not desk.is_open(), "end refused"
    assert len(asker.questions) == questions + 1, "the early end asked for no reason"
    done(window, "session end")

    assert not window.runner.recorder.pending, "actions left unsaved"
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
