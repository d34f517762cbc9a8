"""A rehearsal at high speed through the four demo phases plays the right music."""

from __future__ import annotations

import pytest

from pap_guide.core.clock import SystemClock
from pap_guide.core.playlist import load_playlist
from pap_guide.store.plays import PlayRepository
from tests.conftest import ROOT
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin

PHASES = ["Introspection", "Peak", "Release", "Return to calm"]
LISTS = dict(zip(PHASES, ["introspection", "peak", "release", "return"], strict=True))


def phase_files():
    return {
        phase: {t.path.name for t in load_playlist(ROOT / "playlists" / f"{name}.m3u8").tracks}
        for phase, name in LISTS.items()
    }


def check_history(window):
    repo = PlayRepository(window.desk.controller.store.db)
    rows = repo.history(window.desk.session.id)
    starts = [r for r in rows if r["kind"] == "start"]
    files = phase_files()
    for row in starts:
        assert row["file"].rsplit("/", 1)[-1] in files[row["phase"]], row
    seen = [r["phase"] for r in starts]
    assert [p for i, p in enumerate(seen) if i == 0 or seen[i - 1] != p] == PHASES
    reasons = [r["reason"] for r in rows if r["kind"] == "end"]
    assert reasons.count("phase change") == 3
    state = window.desk.state()
    bounds = dict(zip(PHASES, state.phase_starts, strict=True))
    for row in starts:  # each start sits inside its phase on the session clock
        assert row["session_seconds"] >= bounds[row["phase"]] - 1e-6, row
    return rows


def test_fast_rehearsal_with_the_null_player(make_window, fake_clock, qapp):
    window = make_window("--speed", "100")
    begin(window)
    for _ in range(int(6.2 * 3600 / 100 / 2)):  # 2 real seconds a step
        fake_clock.advance(2)
        window.refresh()
        qapp.processEvents()  # deliver the player's queued track events
    rows = check_history(window)
    # several tracks per phase, repeated as the phases outlast their playlists
    assert sum(1 for r in rows if r["kind"] == "start" and r["phase"] == "Peak") > 2


@pytest.mark.slow
def test_fast_rehearsal_with_libvlc(qtbot, data_dir):
    from pap_guide.app import create_window

    window = create_window(
        ["--data-dir", str(data_dir), "--audio-output", "dummy", "--speed", "3000"],
        clock=SystemClock(),
    )
    qtbot.addWidget(window)
    window.asker = AutoAsker()
    begin(window)
    qtbot.waitUntil(lambda: window.desk.state().phase_name == "Return to calm", timeout=15000)
    qtbot.wait(1500)
    check_history(window)
    window.close()
