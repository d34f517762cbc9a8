import subprocess
import sys

import pytest

from pap_guide.config.arguments import build_parser
from pap_guide.main import main
from tests.conftest import ROOT


def test_protocols_subcommand_lists_shipped_presets(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "protocols"]) == 0
    assert "standard-6h: Standard 6 hours (6 h)" in capsys.readouterr().out


def test_protocols_subcommand_reports_broken_files(capsys, data_dir):
    (data_dir / "protocols").mkdir()
    (data_dir / "protocols" / "bad.toml").write_text("planned_minutes = 'x'")
    assert main(["--data-dir", str(data_dir), "protocols"]) == 1
    assert "bad.toml" in capsys.readouterr().err


@pytest.mark.parametrize("speed", ["0", "-3", "fast", "nan", "1e9"])
def test_bad_speed_is_refused(speed, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--speed", speed])
    assert "speed" in capsys.readouterr().err


def test_module_entry_point_runs():
    out = subprocess.run(
        [sys.executable, "-m", "pap_guide", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("pap-guide ")


def test_sessions_subcommand_lists_open_ended_and_rehearsal(capsys, data_dir, fake_clock):
    from pap_guide.config.locations import Locations
    from pap_guide.core.clinical import SessionDesk
    from pap_guide.core.controller import SessionController
    from pap_guide.core.protocol import load_catalog
    from pap_guide.core.recorder import Recorder
    from pap_guide.store.actions import ActionRepository
    from pap_guide.store.database import open_database
    from pap_guide.store.sessions import SessionRepository

    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    repo = SessionRepository(open_database(locations.database))
    desk = SessionDesk(
        SessionController(fake_clock, repo, catalog.protocols, Recorder(ActionRepository(repo.db)))
    )
    desk.start("standard-6h", "P-0142", "dosing", {"Mara": "guide"}, reason="test")
    desk.dose(25, "Mara", reason="test")
    fake_clock.advance(3600)
    desk.end("Mara", "completed", reason="test")
    desk.start("mdma", "P-0007", "dosing", {"Mara": "guide"}, reason="test")
    assert main(["--data-dir", str(data_dir), "sessions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "[open]" in out[0] and "P-0007" in out[0] and "mdma" in out[0]
    assert "[ended]" in out[1] and "25 mg" in out[1] and "outcome: completed" in out[1]
    assert ", ran 1:00:00" in out[1]
    desk.dose(120, "Mara", reason="test")
    assert main(["--data-dir", str(data_dir), "sessions"]) == 0
    still = capsys.readouterr().out.splitlines()[0]
    assert "since the dose so far" in still and " ran " not in still  # it has not ended


def test_patient_option_fills_the_setup(qtbot, data_dir):
    from pap_guide.app import create_window

    window = create_window(
        [
            "--data-dir",
            str(data_dir),
            "--patient",
            "P-0142",
            "--protocol",
            "mdma",
            "--audio-output",
            "null",
        ]
    )
    qtbot.addWidget(window)
    assert window.session_panel.default_patient == "P-0142"
    assert window.session_panel.chosen_protocol().key == "mdma"


def test_global_options_work_after_the_subcommand_too(data_dir, capsys):
    from pathlib import Path

    args = build_parser().parse_args(["sessions", "--data-dir", str(data_dir), "--db", "x.db"])
    assert args.data_dir == Path(data_dir) and args.db == Path("x.db")
    before = build_parser().parse_args(["--db", "y.db", "sessions"])
    assert before.db == Path("y.db")  # given before, not reset by the subcommand
    assert main(["sessions", "--data-dir", str(data_dir)]) == 0
    assert "No sessions yet." in capsys.readouterr().out


def test_export_refuses_a_folder_that_does_not_exist(data_dir, tmp_path, capsys):
    missing = tmp_path / "no-such-folder" / "r.csv"
    code = main(["--data-dir", str(data_dir), "export", "--session", "1", "--format", "csv",
                 "--out", str(missing)])  # fmt: skip
    assert code == 2 and "No folder" in capsys.readouterr().err
    assert not missing.parent.exists()


@pytest.mark.parametrize("name", ["pap-guide.db", "pap-guide.db-wal", "pap-guide.db.chain",
                                  "pap-guide.db.lock", "link-to-the-records"])  # fmt: skip
def test_export_refuses_to_write_over_the_records_own_files(name, data_dir, tmp_path, capsys):
    """A mistyped --out once replaced the whole database with a CSV, and the next
    start then took the file for an encrypted one and asked for a passphrase."""
    from pap_guide.store.database import open_database

    database = data_dir / "pap-guide.db"
    open_database(database).close()
    before = database.read_bytes()
    out = data_dir / name
    if name.startswith("link"):
        out = tmp_path / name
        out.symlink_to(database)
    for form in ("csv", "fhir", "m3u8"):
        code = main(["--data-dir", str(data_dir), "export", "--session", "1", "--format",
                     form, "--out", str(out)])  # fmt: skip
        assert code == 2 and "one of the records' own files" in capsys.readouterr().err
    assert database.read_bytes() == before


def _exit(argv: list[str]) -> int:
    """The exit status of a command, as the shell sees it (some end in SystemExit)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_readers_make_nothing_at_a_mistyped_path(tmp_path, capsys):
    """A --db with a slip in it made an empty database (and its folder) there,
    and answered "No sessions yet."."""
    typo = tmp_path / "recrods" / "pap-guide.db"
    assert _exit(["sessions", "--db", str(typo)]) == 2
    assert f"No records at {typo}" in capsys.readouterr().err
    out = tmp_path / "r.csv"
    code = _exit(["export", "--db", str(typo), "--session", "1", "--format", "csv",
                 "--out", str(out)])  # fmt: skip
    assert code == 2 and f"No records at {typo}" in capsys.readouterr().err
    assert not typo.parent.exists() and not out.exists()
    assert _exit(["sessions", "--data-dir", str(typo.parent)]) == 2
    assert "No records at" in capsys.readouterr().err
    assert not typo.parent.exists()


def test_readers_change_nothing_and_never_migrate(tmp_path, capsys):
    import sqlite3

    from tests.helpers.scripted import scripted_session

    data = tmp_path / "data"
    session = scripted_session(data)
    database = data / "pap-guide.db"
    before = database.read_bytes()
    assert main(["--data-dir", str(data), "sessions"]) == 0
    assert main(["--data-dir", str(data), "export", "--session", str(session),
                 "--format", "fhir", "--out", str(tmp_path / "r.json")]) == 0  # fmt: skip
    assert database.read_bytes() == before
    with sqlite3.connect(database) as db:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute("PRAGMA user_version = 3")  # as an earlier pap-guide left it
    capsys.readouterr()
    assert _exit(["--data-dir", str(data), "sessions"]) == 2
    assert "written by an earlier pap-guide" in capsys.readouterr().err
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3 != current


def test_an_open_rehearsal_counts_on_its_own_fast_clock(capsys, data_dir):
    """'0:00:00 since the dose so far' while the window showed T+0:27: the dose
    of a rehearsal is stamped on its fast clock, and real time was compared."""
    import re
    import time

    from pap_guide.config.locations import Locations
    from pap_guide.core.clinical import SessionDesk
    from pap_guide.core.clock import RehearsalClock, SystemClock
    from pap_guide.core.controller import SessionController
    from pap_guide.core.protocol import load_catalog
    from pap_guide.core.recorder import Recorder
    from pap_guide.store.actions import ActionRepository
    from pap_guide.store.database import open_database
    from pap_guide.store.sessions import SessionRepository

    locations = Locations(data_dir)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    repo = SessionRepository(open_database(locations.database))
    clock = RehearsalClock(SystemClock(), 600, SystemClock().now())
    recorder = Recorder(ActionRepository(repo.db))
    desk = SessionDesk(SessionController(clock, repo, catalog.protocols, recorder))
    desk.start("standard-6h", "P-0142", "dosing", {"Mara": "guide"}, reason="test")
    desk.dose(25, "Mara", reason="test")
    time.sleep(0.5)  # five minutes of the rehearsal
    assert main(["--data-dir", str(data_dir), "sessions"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    found = re.search(r"(\d+):(\d\d):(\d\d) since the dose so far", line)
    assert found is not None and "rehearsal x600" in line, line
    hours, minutes, seconds = (int(g) for g in found.groups())
    assert 4 * 60 <= hours * 3600 + minutes * 60 + seconds <= 60 * 60, line
