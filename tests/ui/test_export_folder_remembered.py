"""Export… offers the folder exported to last, in the real folder dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from pap_guide.ui.asker import Asker
from tests.helpers.ui import begin, child


def _answer(seen: list[tuple[str, str]], folder: Path | None) -> None:
    """When the folder dialog is up: note its title and start, then pick ``folder``
    (None: cancel); the "Exported" message that follows is closed."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            dialog.reject()
            return
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, act)
            return
        seen.append((dialog.windowTitle(), Path(dialog.directory().absolutePath()).name))
        if folder is None:
            dialog.reject()
            return
        # typed into the dialog's name field, as a person would: selectFile() lost
        # the race with the dialog's folder listing, made on a thread of its own
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(folder))
        QTimer.singleShot(0, dialog.accept)
        QTimer.singleShot(300, act)  # then the message saying what was written

    QTimer.singleShot(20, act)


def test_the_second_export_starts_in_the_first_ones_folder(make_window, qtbot, tmp_path):
    window = begin(make_window())
    window.show()
    qtbot.waitExposed(window)
    window.asker = Asker(window)
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    seen: list[tuple[str, str]] = []
    _answer(seen, usb)
    child(window, "exportButton").click()
    assert sorted(p.suffix for p in usb.iterdir()) == [".csv", ".json", ".pdf"]
    _answer(seen, None)
    child(window, "exportButton").click()
    assert seen[0][0] == "Export the session record to" and seen[0][1] != "usb-stick"
    assert seen[1] == ("Export the session record to", "usb-stick")
