"""Export…: the current session's PDF, CSV and FHIR files, with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget

from pap_guide.core.report import FORMATS, Report, default_name
from pap_guide.ui.asker import Asker

Write = Callable[[Report, str, Path], Path]


def export_all(
    parent: QWidget, report: Report, folder: Path, write: Write
) -> tuple[list[Path], str]:
    """Write every format into ``folder``; the files written and any error."""
    progress = QProgressDialog("Writing the session record…", "", 0, len(FORMATS), parent)
    progress.setObjectName("exportProgress")
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    written: list[Path] = []
    try:
        for step, fmt in enumerate(FORMATS):
            progress.setValue(step)
            progress.setLabelText(f"Writing {fmt.upper()}…")
            written.append(write(report, fmt, folder / default_name(report, fmt)))
    except OSError as exc:
        return written, f"Export failed: {exc.strerror or exc}"
    finally:
        progress.close()
    return written, ""


def export_until_written(window: QMainWindow, asker: Asker, report: Report, write: Write) -> None:
    """Export… until every file is written or the guide stops: a failure is said over
    the window (the status line alone was missed) with another folder offered."""
    suggested = Path.home()
    while True:
        folder = asker.export_folder(suggested)
        if folder is None:
            return
        written, error = export_all(window, report, folder, write)
        if not error:
            window.statusBar().clearMessage()  # not a failure of a try before
            asker.offer_folder(folder, written)
            return
        window.statusBar().showMessage(error)
        done = f" ({', '.join(f.name for f in written)} written before it)" if written else ""
        problem = f"{error}, in {folder}{done}. The record itself is unchanged."
        if folder == suggested:  # a full home: the chooser opens a level up, not in it
            suggested = folder.parent
        if not asker.export_failed(folder, problem):
            return
