"""Export…: the current session's PDF, CSV and FHIR files, with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QProgressDialog, QWidget

from pap_guide.core.report import FORMATS, Report, default_name

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
