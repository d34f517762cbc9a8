"""An exported folder opened in the desktop's file manager, or a word when none opens.

``xdg-open`` is run and waited on without blocking: a laptop with xdg-utils but
nothing that opens folders has it print "no method available" and exit 3, and
Qt's own opener reported that as opened (it returns once xdg-open has started).
The packaged app gives it the desktop's libraries, not the bundle's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

from pap_guide.config.locations import desktop_environment


def open_folder(folder: Path, parent: QObject, not_opened: Callable[[Path], None]) -> None:
    """Open ``folder``; ``not_opened(folder)`` once it is sure that nothing did."""
    opener = QProcess(parent)
    opener.setProgram("xdg-open")
    opener.setArguments([str(folder)])
    environment = desktop_environment()
    if environment is not None:  # the environment goes to the new process only
        desktop = QProcessEnvironment()
        for name, value in environment.items():
            desktop.insert(name, value)
        opener.setProcessEnvironment(desktop)

    def say() -> None:
        # after the signal: the note's own event loop would delete the opener while
        # its signal is still being sent
        QTimer.singleShot(0, parent, lambda: not_opened(folder))

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        opener.deleteLater()
        if status != QProcess.ExitStatus.NormalExit or code != 0:
            say()

    def failed(error: QProcess.ProcessError) -> None:
        if error != QProcess.ProcessError.FailedToStart:
            return  # a crash or a kill ends in finished() too
        opener.deleteLater()  # no xdg-open here: Qt's own way (a portal, the desktop's)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            say()

    opener.finished.connect(finished)
    opener.errorOccurred.connect(failed)
    opener.start()
