"""The start stays quick by construction: what is loaded before the first frame,
and how many statements opening a current database takes. No wall-clock times.

The window's process is a fresh interpreter (``python -m pap_guide``'s own
start path, ``run_gui``) so that ``sys.modules`` shows what the start itself
imported, not what other tests did.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pap_guide.store.database import open_database
from pap_guide.store.migrations import SCHEMA_VERSION, migrations
from pap_guide.store.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# what the window's process must not have loaded when its first frame is painted
NOT_BEFORE_FIRST_FRAME = (
    "vlc",  # libVLC loads on a thread of its own (LIBVLC_START), never on the GUI thread
    "av",  # the loudness scanner (PyAV) comes with the music
    "numpy",  # with the chart and the scanner; hidden from sqlite-utils (store/connection.py)
    "sqlite_utils",  # a current database is read by plain statements (50 ms of imports)
    "click",
    "dateutil",
    "pluggy",
    "pap_guide.store.migrations",
    "importlib.metadata",  # sqlite-utils' search for plugins, which the store turns off
    "sqlcipher3",  # only an encrypted database needs SQLCipher (6 to 26 ms)
    "logging.handlers",  # the error log's file handler is made at its first record
    "socket",  # the stop signals wake the loop through a pipe (some 10 ms of imports)
    "uuid",  # with platform (7 ms): an action's key is made at the first save
    "pap_guide.app.levels",
    "pap_guide.app.music",  # the music's parts are built after the frame
    "pap_guide.playback.player",
    "pap_guide.playback.backends",
    "pap_guide.playback.decks",
    "pap_guide.core.play_log",
    "pap_guide.store.track_levels",
    "pap_guide.store.outbox",  # Sessions… and the FHIR pushes
    "pap_guide.core.summary",  # a past session's record, when asked for
    "pap_guide.app.fhir",
    "pap_guide.cli.push",
    "fhirpy",
    "requests",
    "jwt",
    "pap_guide.export.writers",
    "pap_guide.export.csv_export",
    "pap_guide.export.fhir_export",
    "pap_guide.export.m3u8_export",
    "pap_guide.export.pdf_export",
    "pap_guide.ui.sessions_dialog",
    "pap_guide.ui.help_dialog",
    "pap_guide.ui.playlist_editor",
    "pap_guide.ui.session_dialogs",  # the dialogs come when first asked for (25 ms)
    "pap_guide.ui.entry_dialogs",
    "pap_guide.ui.question_dialog",
    "pap_guide.ui.dialog_fit",
)
# what libVLC's own thread imports while the window is built
LIBVLC_START = ("vlc", "pap_guide.playback.backends", "pap_guide.playback.decks")
CHART = ("PySide6.QtCharts", "pap_guide.export.figure_data")  # through ui.vitals_chart

# Runs pap-guide as the command does and reports sys.modules at its first frame
# and once the music has joined the window, with the thread each module was
# first imported on.
PROBE = r"""
import json, sys, threading
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

imported_on = {}

class ImportedOn:  # finds nothing: notes which thread first asked for a module
    def find_spec(self, name, path=None, target=None):
        imported_on.setdefault(name, threading.current_thread().name)
        return None

sys.meta_path.insert(0, ImportedOn())

app = QApplication(sys.argv[:1])
seen = {}
sheets = []
set_sheet = QApplication.setStyleSheet
QApplication.setStyleSheet = lambda self, sheet: (sheets.append(1), set_sheet(self, sheet))[1]

PLACED = ("sessionClock", "phaseName", "startSessionButton", "sessionRecordLabel", "logView")

def where(window):  # where the guide's and the monitor's parts are drawn
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QWidget
    found = {}
    for name in PLACED:
        widget = window.findChild(QWidget, name)
        if widget is not None and widget.isVisible():
            at = widget.mapTo(window, QPoint(0, 0))
            found[name] = [at.x(), at.y(), widget.width(), widget.height()]
    return found

class Frame(QObject):
    def eventFilter(self, watched, event):
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow)
                and "frame" not in seen):
            seen["frame"] = sorted(sys.modules)
            seen["frame_gui"] = sorted(
                name for name in sys.modules if imported_on.get(name) == "MainThread"
            )
            seen["threads_at_frame"] = sorted(t.name for t in threading.enumerate())
            seen["sheets"] = len(sheets)
            seen["frame_at"] = where(watched)
            QTimer.singleShot(0, after)
        return False

def after():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    if window.music is None:
        QTimer.singleShot(10, after)
        return
    seen["music"] = sorted(sys.modules)
    seen["imported_on"] = imported_on
    QTimer.singleShot(100, lambda: done(window))  # the layouts settled with the music in

def done(window):
    seen["music_at"] = where(window)
    print(json.dumps(seen), flush=True)
    app.quit()

frame = Frame()
app.installEventFilter(frame)
from pap_guide.app.gui import run_gui
raise SystemExit(run_gui(sys.argv[1:]))
"""


def _run(code: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter, as pap-guide's on ``data_dir`` (music: dummy)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("PAP_GUIDE_PASSPHRASE", None)
    argv = ["--data-dir", str(data_dir), "--audio-output", "dummy"]
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _start(data_dir: Path) -> dict[str, Any]:
    done = _run(PROBE, data_dir)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report: {done.stdout!r} {done.stderr[-3000:]}"
    found: dict[str, Any] = json.loads(lines[-1])
    return found


# Begins a session with its people, logs a note and closes the window with the
# session still going, as a guide's laptop is restarted mid-session.
SESSION = r"""
import sys
from PySide6.QtWidgets import QApplication
from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin, child

app = QApplication(sys.argv[:1])
window = create_window(sys.argv[1:])
window.asker = AutoAsker()
window.show()
begin(window)
child(window, "noteEdit").setText("calm, eyes closed")
child(window, "addNoteButton").click()
print(f"SESSION {window.desk.session.id}", flush=True)
window.close()
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("start") / "data"
    _start(data_dir)  # the first start makes the database; the second is a usual one
    return _start(data_dir)


@pytest.fixture(scope="module")
def restored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A start that restores a session in progress: its people, log and music."""
    data_dir = tmp_path_factory.mktemp("restored") / "data"
    made = _run(SESSION, data_dir)
    assert "SESSION" in made.stdout, made.stderr[-3000:]
    return _start(data_dir)


@pytest.fixture(params=["started", "restored"])
def start(request: pytest.FixtureRequest) -> dict[str, Any]:
    found: dict[str, Any] = request.getfixturevalue(request.param)
    return found


def test_nothing_heavy_is_loaded_on_the_gui_thread_before_the_first_frame(start):
    loaded = set(start["frame_gui"])
    assert sorted(loaded.intersection(NOT_BEFORE_FIRST_FRAME)) == []
    # and, of libVLC's thread's own modules, nothing but libVLC's
    others = set(start["frame"]) - loaded - set(LIBVLC_START)
    assert sorted(others.intersection(NOT_BEFORE_FIRST_FRAME)) == []


def test_the_chart_is_not_loaded_before_the_first_frame(started):
    assert sorted(set(started["frame"]).intersection(CHART)) == []


def test_the_style_sheet_is_applied_once_before_the_first_frame(started):
    """Set again, the same sheet polishes every widget a second time (50 to 80 ms)."""
    assert started["sheets"] == 1


def test_libvlc_loads_on_a_thread_of_its_own_while_the_window_is_built(start):
    """Mostly C code the GUI thread does not wait for (160 ms more with no plugin
    cache): begun before the first frame, so the music can start right after it."""
    assert "libvlc-start" in start["threads_at_frame"] or "vlc" in start["frame"]
    assert start["imported_on"]["vlc"] == "libvlc-start"
    assert "vlc" in start["music"]


def test_a_current_database_is_restored_without_sqlite_utils(start):
    """Its repositories read by plain statements: the session restored (its people
    put back) and the music started, sqlite-utils (and click, dateutil, pluggy) is
    still not imported."""
    assert [name for name in start["music"] if name.split(".")[0] == "sqlite_utils"] == []


def test_nothing_moves_when_the_music_joins_the_window(started):
    """The music panel comes after the first frame; the clock, the session's buttons
    and the record jumped up by its height when it did, at every start."""
    before, after = started["frame_at"], started["music_at"]
    assert set(before) >= {"sessionClock", "startSessionButton", "logView"}
    assert set(after) == set(before)
    for name, (x, y, width, height) in before.items():
        # within a pixel: the status bar settles its own height by one (Qt's size grip)
        moved = [abs(a - b) for a, b in zip(after[name], (x, y, width, height), strict=True)]
        assert max(moved) <= 1, (name, before[name], after[name])


def test_numpy_is_hidden_from_sqlite_utils_only():
    """The store's sqlite-utils goes without NumPy; NumPy itself still imports after it."""
    code = (
        "import sys\n"
        "from pap_guide.store.database import open_database\n"
        "open_database(':memory:')  # a new database: the migrations are sqlite-utils'\n"
        "assert 'sqlite_utils' in sys.modules\n"
        "assert 'numpy' not in sys.modules, 'sqlite-utils loaded NumPy'\n"
        "import numpy, sqlite_utils.db\n"
        "assert sqlite_utils.db.np is None\n"
        "print(numpy.float64(1.5) + 1)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "2.5", done.stderr[-2000:]


def _statements(path: Path) -> list[str]:
    """What opening ``path`` (a plain database) says to SQLite, statement by statement."""
    said: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(said.append)
        return conn

    sqlite3.connect = traced  # type: ignore[assignment]
    try:
        open_database(path).close()
    finally:
        sqlite3.connect = connect
    return said


MAX_OPEN_STATEMENTS = 8  # sqlite-utils' recursive_triggers, 4 settings, user_version


def test_opening_a_current_database_skips_the_migrations(tmp_path):
    path = tmp_path / "records.db"
    first = _statements(path)  # made and migrated
    again = _statements(path)
    assert len(first) > len(again)
    assert len(again) <= MAX_OPEN_STATEMENTS, again
    assert not [s for s in again if "sqlite_master" in s or "_sqlite_migrations" in s]


def test_the_schema_version_counts_every_migration(tmp_path):
    db = open_database(tmp_path / "records.db")
    assert SCHEMA_VERSION == len(migrations.applied(db)) == len(migrations._migrations)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_from_before_the_schema_version_is_migrated_and_numbered(tmp_path):
    path = tmp_path / "records.db"
    db = open_database(path)
    db.execute("PRAGMA user_version = 0")  # as every database was before it was kept
    db.execute("DROP TABLE fhir_outbox")  # and one migration left to run
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_fhir_outbox'")
    db.close()
    db = open_database(path)
    assert "fhir_outbox" in db.table_names()
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_schema_version_is_left_as_it_is(tmp_path):
    path = tmp_path / "records.db"
    open_database(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_an_encrypted_database_keeps_its_schema_version(tmp_path):
    path = tmp_path / "records.db"
    open_database(path, "a long passphrase").close()
    db = open_database(path, "a long passphrase")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_setting_is_one_statement(tmp_path):
    db = open_database(tmp_path / "records.db")
    said: list[str] = []
    db.conn.set_trace_callback(said.append)
    settings = Settings(db)
    assert settings.get("volume") is None and len(said) == 1
    settings.set("volume", "40")
    settings.set("volume", "45")
    assert settings.get("volume") == "45"
    assert not [s for s in said if "sqlite_master" in s or "PRAGMA" in s]


def test_pyside_is_told_from_each_files_bytes_what_its_source_would_say():
    """PySide6 reads every new module's source through inspect to find "PySide6" in
    it (30 to 80 ms of a start); the app answers from the file's bytes, the same."""
    import types

    import pap_guide.app  # noqa: F401  # installs the quicker answer
    from pap_guide.app.pyside_imports import ASKED, FEATURE

    quick = getattr(sys.modules[FEATURE], ASKED)
    original = quick.original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 200
    answers = [quick(module) for module in modules]
    assert answers == [original(module) for module in modules]
    assert any(answers) and not all(answers)
    assert quick(sys.modules["pap_guide.ui.log_view"]) and not quick(sys.modules["json"])
