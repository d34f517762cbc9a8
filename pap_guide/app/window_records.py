"""After the music: the record's hash chain checked and its pin kept, and the FHIR pushes.

Imported after the first frame: reading the whole chain is a fifth of a second at
10,000 entries, and the pushes bring the FHIR client.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from pap_guide.app.startup import check_chain
from pap_guide.core.recorder import Recorder
from pap_guide.core.runner import SessionRunner
from pap_guide.store.chain_pin import PinKeeper
from pap_guide.ui.main_window import MainWindow

if TYPE_CHECKING:
    from pap_guide.app.window import Parts

PIN_AFTER_MS = 1000  # the chain's pin is kept this long after a commit


def check_records(
    parts: Parts, window: MainWindow, database: Path, passphrase: str | None
) -> list[str]:
    """The chain checked (its problems shown and kept with the parts' problems), its pin
    kept from now on, and the pending pushes sent."""
    found: list[str] = []
    # the whole chain is read: at 10,000 entries a fifth of a second, after the frame
    keeper = check_chain(parts.db.conn, database, found)
    if keeper is not None:
        keeper.keep()
        _keep_pin(keeper, parts.recorder, parts.runner, window)
    parts.problems += found
    for problem in found:
        window.show_problem(problem)
    _pushes(parts, window, database, passphrase)
    return found


def _keep_pin(
    keeper: PinKeeper, recorder: Recorder, runner: SessionRunner, window: MainWindow
) -> None:
    """The chain's pin follows the commits, a moment after them (PIN_AFTER_MS: never in
    the save's own tick, which the monitor waits on), and at close. A tick with nothing
    committed reads nothing; rows cut off while the app runs are said a moment after
    the next save."""
    seen = [recorder.committed]
    later = QTimer(window)
    later.setSingleShot(True)
    later.setInterval(PIN_AFTER_MS)

    def keep_pin() -> None:
        seen[0] = recorder.committed
        cut = keeper.keep()
        if cut is not None:
            window.show_problem("Warning: " + cut.text())

    def after_commits(_tick: object) -> None:
        if recorder.committed != seen[0] and not later.isActive():
            later.start()

    later.timeout.connect(keep_pin)
    runner.subscribe(after_commits)
    window.closing.connect(keep_pin)


def _pushes(parts: Parts, window: MainWindow, database: Path, passphrase: str | None) -> None:
    """Sessions… offers Push when the clinic has a FHIR server; pending ones go out."""
    from pap_guide.app.fhir import FhirPushes

    pushes = FhirPushes(
        parts.records, parts.locations.data_dir, parts.desk.is_open, [], database, passphrase
    )
    if pushes.configured():
        window.push_session = pushes.push_now
        window.pushes = pushes
        pushes.push_pending_later()
