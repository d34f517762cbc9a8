"""A wrong wall clock: moved while the app was closed (faketime), or after a reboot."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from pap_guide.core.clinical import NeedsReason
from pap_guide.core.clock import FakeClock
from tests.conftest import ROOT
from tests.helpers.faults import faketime_env, moving_clock_env
from tests.helpers.ui import begin, child
from tests.test_crash_resume import kill, parse_clock, start_app


def restart_under(data_dir, offset):
    env = {**faketime_env(offset), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.app_driver", "--data-dir", str(data_dir), "--state"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = []
    while not lines or lines[-1] != "END":
        line = proc.stdout.readline()
        assert line, f"the app ended early: {lines}"
        lines.append(line.strip())
    kill(proc)
    clock = next(line[6:] for line in lines if line.startswith("CLOCK "))
    read_at = float(next(line[5:] for line in lines if line.startswith("MONO ")))
    problems = [line[8:] for line in lines if line.startswith("PROBLEM ")]
    # the real wall time when the restarted app read its clock, not when this test got
    # round to it: on a loaded machine reading the lines and the kill take seconds
    read_wall = datetime.now(UTC) - timedelta(seconds=time.monotonic() - read_at)
    return parse_clock(clock), read_wall, problems


def dosed_at(data_dir):
    """The dose's real wall time, as the first run (its clock right) saved it."""
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        first = "SELECT data FROM events WHERE kind = 'dose' ORDER BY id LIMIT 1"
        (data,) = conn.execute(first).fetchone()
        anchor = json.loads(data)["dose_utc"]
    return datetime.fromisoformat(anchor)


def jumps(data_dir):
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        rows = conn.execute("SELECT data FROM events WHERE kind = 'clock_jump' ORDER BY id")
        return [json.loads(data) for (data,) in rows]


@pytest.mark.slow
@pytest.mark.parametrize("offset, seconds", [("-1h", -3600), ("-4h", -14400), ("+5h", 18000)])
def test_a_clock_moved_while_closed_is_recorded_and_the_session_clock_stays_right(
    data_dir, offset, seconds
):
    proc, _ = start_app(data_dir)
    time.sleep(1.0)
    kill(proc)
    shown, read_wall, problems = restart_under(data_dir, offset)
    real = (read_wall - dosed_at(data_dir)).total_seconds()
    assert -0.5 <= real - shown <= 2, (shown, real)  # the label shows whole seconds
    found = jumps(data_dir)
    assert len(found) == 1 and found[0]["while"] == "closed"
    assert abs(found[0]["seconds"] - seconds) <= 3
    assert any("moved by" in p and "while pap-guide was closed" in p for p in problems)
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        negative = conn.execute("SELECT count(*) FROM events WHERE session_seconds < 0")
        assert negative.fetchone() == (0,)
        (said,) = conn.execute("SELECT data FROM events WHERE kind = 'resumed'").fetchone()
    # seconds away, by the boot's clock: the wall clock's move counted as away ("5 h")
    assert json.loads(said)["away_seconds"] < 30


@pytest.mark.slow
def test_a_clock_jump_while_running_is_stamped_at_the_true_time_and_survives_a_restart(
    data_dir, tmp_path
):
    """The wall clock set 3 h on while a session runs: the jump goes into the record
    at the session time it happened (stamped on the jumped clock, it sat at T+3:00,
    and the restart, which never lets the clock go back past a saved action, then
    showed T+3:00 for a session minutes old)."""
    offset = tmp_path / "offset"
    offset.write_text("+0\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.app_driver", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**moving_clock_env(offset), "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().startswith("READY")
    time.sleep(1.0)
    offset.write_text("+3h\n")  # the clock jumps while the app runs
    deadline = time.monotonic() + 20
    while not jumps(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    kill(proc)
    assert [round(j["seconds"] / 3600, 2) for j in jumps(data_dir)] == [3.0]
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        ((at, phase),) = conn.execute(
            "SELECT session_seconds, phase FROM events WHERE kind = 'clock_jump'"
        )
    assert 0 <= at < 60 and phase == "Introspection", (at, phase)  # the first phase
    shown, read_wall, problems = restart_under(data_dir, "+3h")  # the clock still 3 h on
    real = (read_wall - dosed_at(data_dir)).total_seconds()
    assert -0.5 <= real - shown <= 2, (shown, real)


def test_after_a_reboot_an_earlier_clock_is_a_problem_and_an_early_end_needs_a_reason(
    make_window,
):
    first_clock = FakeClock(boot="boot-1")
    window = begin(make_window(clock=first_clock))
    first_clock.advance(3600)
    child(window, "addNoteButton")  # the window is live
    window.log_panel.book.note("calm", "Ana")
    window.close()
    rebooted = FakeClock(wall=first_clock.wall - timedelta(hours=2), mono=50.0, boot="boot-2")
    again = make_window(clock=rebooted)
    banner = child(again, "problemBanner")
    assert "earlier than the last saved entry" in banner.text()
    assert again.desk.state().elapsed >= 3600  # never backwards past what was saved
    with pytest.raises(NeedsReason, match="clock may be wrong"):
        again.desk.end("Mara", "completed")


def test_no_warning_when_the_clock_is_right(make_window, fake_clock):
    window = begin(make_window())
    fake_clock.advance(600)
    window.close()
    again = make_window()
    assert "clock" not in child(again, "problemBanner").text()
    assert again.desk.clock_doubt == ""
    assert os.environ.get("FAKETIME") is None


def test_a_faked_boot_clock_is_a_doubt_never_a_jump_and_never_a_crash(make_window):
    from pap_guide.core.clock_trust import check_restart

    first = FakeClock(boot="boot-1")
    window = begin(make_window(clock=first))
    first.advance(600)
    window.log_panel.book.note("calm", "Ana")
    window.close()
    # the same boot, but BOOTTIME faked to the wall time (faketime without
    # FAKETIME_DONT_FAKE_MONOTONIC): a 56-year "gap" since the last entry
    faked = FakeClock(wall=first.wall - timedelta(hours=1), mono=1.8e9, boot="boot-1")
    again = make_window(clock=faked)
    assert again.desk.clock_doubt  # shown as a problem with what to check, not trusted
    assert "earlier than the last saved entry" in child(again, "problemBanner").text()
    assert not [e for e in again.desk.events if e.kind == "clock_jump"]
    assert again.desk.state().elapsed < 3600
    stamp = again.runner.recorder.store.last_stamp(again.desk.session.id)
    edge = replace(stamp, utc=datetime.max.replace(tzinfo=UTC) - timedelta(days=1), boottime=0.0)
    assert "impossibly far" in check_restart(edge, faked.now(), "boot-1", 1e7).doubt  # no crash


def test_after_a_reboot_a_clock_hours_fast_is_a_problem(make_window):
    """Rebooted with the wall clock three hours fast, the session clock moved three
    hours on without a word, and the six-hour minimum looked met at T+3 h."""
    first_clock = FakeClock(boot="boot-1")
    window = begin(make_window(clock=first_clock))
    first_clock.advance(3600)
    window.log_panel.book.note("calm", "Ana")
    window.close()
    rebooted = FakeClock(wall=first_clock.wall + timedelta(hours=3), mono=50.0, boot="boot-2")
    again = make_window(clock=rebooted)
    banner = child(again, "problemBanner").text()
    assert "closed for 3 h 00 min" in banner and "check the date and time" in banner
    with pytest.raises(NeedsReason, match="clock may be wrong"):
        again.desk.end("Mara", "completed")


def test_after_a_short_reboot_nothing_is_asked(make_window):
    first_clock = FakeClock(boot="boot-1")
    window = begin(make_window(clock=first_clock))
    first_clock.advance(600)
    window.log_panel.book.note("asleep", "Ana")  # the last saved moment
    window.close()
    rebooted = FakeClock(wall=first_clock.wall + timedelta(minutes=3), mono=50.0, boot="boot-2")
    again = make_window(clock=rebooted)
    assert "clock" not in child(again, "problemBanner").text()
    assert again.desk.clock_doubt == ""


@pytest.mark.slow
def test_records_made_on_a_clock_set_back_export_on_the_session_clock(data_dir, tmp_path):
    """The real app dosed on a right clock, killed, and run again with the wall clock
    two hours behind (libfaketime, the boot clock real): the restart records the
    jump, a second dose and vitals go in (the dose was refused: 'earlier than the
    first dose'), and the exports written afterwards on a right clock put them after
    the first dose, with the laptop's reading kept."""
    proc, session = start_app(data_dir)
    time.sleep(1.0)
    kill(proc)
    env = {**faketime_env("-2h"), "QT_QPA_PLATFORM": "offscreen"}
    driver = [sys.executable, "-m", "tests.helpers.app_driver", "--data-dir", str(data_dir)]
    proc = subprocess.Popen([*driver, "--records"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    line = proc.stdout.readline()
    kill(proc)
    assert line.startswith("READY"), "the restarted app did not record the dose and vitals"
    assert [round(j["seconds"] / 3600, 2) for j in jumps(data_dir)] == [-2.0]
    dosed = dosed_at(data_dir)
    out = {fmt: tmp_path / f"record.{fmt}" for fmt in ("csv", "fhir")}
    for fmt, path in out.items():
        done = subprocess.run(
            [sys.executable, "-m", "pap_guide", "--data-dir", str(data_dir), "export",
             "--session", str(session), "--format", fmt, "--out", str(path)],
            cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    soon = (dosed - timedelta(seconds=1), dosed + timedelta(minutes=2))
    rows = list(csv.DictReader(io.StringIO(out["csv"].read_text(encoding="utf-8-sig"))))
    vitals = next(r for r in rows if r["kind"] == "vitals")
    second = [r for r in rows if r["kind"] == "dose"][-1]
    for row in (vitals, second):
        assert soon[0] <= datetime.fromisoformat(row["utc"]) <= soon[1], row
        laptop = datetime.fromisoformat(row["laptop_clock_utc"])
        assert abs((datetime.fromisoformat(row["utc"]) - laptop) - timedelta(hours=2)) < (
            timedelta(seconds=10)
        )
    bundle = json.loads(out["fhir"].read_text(encoding="utf-8"))
    times = {
        r["resourceType"]: datetime.fromisoformat(r["effectiveDateTime"])
        for e in bundle["entry"]
        if "vital-signs" in str((r := e["resource"]).get("category"))
        or r["resourceType"] == "MedicationAdministration"
    }
    assert all(soon[0] <= at <= soon[1] for at in times.values()), times


@pytest.mark.slow
def test_sessions_on_a_clock_moved_since_counts_the_real_time_since_the_dose(data_dir):
    """`pap-guide sessions` under a clock moved 2 h on since the app ran said
    "2:00:16 since the dose so far" for a session 16 s old."""
    proc, _ = start_app(data_dir)
    kill(proc)
    done = subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data_dir), "sessions"],
        cwd=ROOT, env={**faketime_env("+2h"), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if "since the dose so far" in line]
    assert ", 0:00:" in line or ", 0:01:" in line, line
