"""A folder picker opened on the records' folder leaves the records on disk.

Qt's file dialog names each file's type from its content: it opened the
database and its -wal and -shm files and closed them, and on Linux closing any
descriptor of a file drops every POSIX lock the process holds on it. The next
program to read the records (here ``pap-guide sessions``, a real second
process) took itself for the only one, checkpointed the log and deleted it;
every later save went into the deleted file and was lost at the next crash.
These tests use the real window, the real dialog and real processes, and
look at what a third process finds in the file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from pap_guide.ui.asker import Asker
from tests.helpers.ui import begin, child

ROOT = Path(__file__).resolve().parents[2]
LISTED_MS = 1500  # the dialog lists the folder (and named each file's type) by then


def _other_reader(database: Path) -> None:
    """Another program reads the records and closes them: the CLI's session list."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pap_guide", "sessions", "--db", str(database)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _deleted_files(database: Path) -> list[str]:
    """This process's descriptors on the records that point at deleted files."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(database)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def _notes_on_disk(database: Path, text: str) -> int:
    """What a third process finds in the file: the notes saying ``text``."""
    code = (
        "import sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "print(db.execute(\"select count(*) from entries where kind='note' and "
        "json_extract(data, '$.text') = ?\", (sys.argv[2],)).fetchone()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(database), text],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(out.stdout)


def _while_open(folder: Path, database: Path) -> Callable[[], None]:
    """Once the picker is up: show it the records' folder, let another program
    read the records, then cancel."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog), dialog
        dialog.setDirectory(str(folder))

        def then() -> None:
            _other_reader(database)
            dialog.reject()

        QTimer.singleShot(LISTED_MS, then)

    return act


def _save_note(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    note = child(window, "noteEdit")
    note.setFocus()
    qtbot.keyClicks(note, text)
    qtbot.keyClick(note, Qt.Key.Key_Return)


def test_the_export_picker_on_the_records_folder_keeps_later_saves_on_disk(
    make_window, qtbot, data_dir
):
    window = begin(make_window())
    window.show()
    qtbot.waitExposed(window)
    window.asker = Asker(window)  # the real folder dialog
    database = data_dir / "pap-guide.db"
    QTimer.singleShot(0, _while_open(data_dir, database))
    child(window, "exportButton").click()  # the picker runs until it is cancelled
    _save_note(window, qtbot, "said after the picker closed")
    assert _deleted_files(database) == []
    assert _notes_on_disk(database, "said after the picker closed") == 1


def test_a_plain_qt_dialog_drops_the_locks_as_this_guards_against(tmp_path, qtbot):
    """The hazard itself, without pap-guide's pickers: if this stops failing the
    records, Qt no longer reads the files it lists."""
    database = tmp_path / "records.db"
    db = sqlite3.connect(database)
    db.execute("pragma journal_mode=wal")
    db.execute("create table entries (kind text, data text)")
    db.execute("insert into entries values ('note', '{\"text\": \"before\"}')")
    db.commit()
    dialog = QFileDialog(None, "A plain dialog", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    qtbot.wait(LISTED_MS)  # the folder is listed, each file's type named
    read = f"import sqlite3; sqlite3.connect({str(database)!r}).execute('select * from entries')"
    subprocess.run([sys.executable, "-c", read], check=True, timeout=60)
    db.execute("insert into entries values ('note', '{\"text\": \"after\"}')")
    db.commit()
    dialog.close()
    assert _deleted_files(database) != []
    db.close()
