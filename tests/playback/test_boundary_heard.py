"""Phase boundaries, heard: near a track's end the change waits; far from it, it fades.

The conductor runs on a session clock kept in step with real time, the
player plays through libVLC into a PulseAudio null sink, and the recording
says when the next phase's tone (660 Hz) took over from the first (440 Hz).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pap_guide.core.clock import FakeClock
from pap_guide.core.conductor import PHASE_AT_TRACK_END, PHASE_CHANGE, Conductor
from pap_guide.core.loudness import Measurement
from pap_guide.core.music_plan import MusicPlan
from pap_guide.core.playlist import Playlist, Track
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.playback.backends import VlcBackend
from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.conduct import conduct_for
from tests.helpers.fake_player import MemoryHistory
from tests.helpers.memory_store import memory_controller
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = [pytest.mark.audio, pytest.mark.slow]

BOUNDARY = 4.0  # seconds after the dose
AT_REFERENCE = Measurement(-18.0, -6.0, 12.0)  # played at 0 dB
PLAN = SessionProtocol(
    key="plan",
    name="Plan",
    planned_length=60,
    phases=(Phase("Calm", 0, "a", 0.8, 1.0), Phase("Peak", BOUNDARY, "b", 0.8, 1.0)),
)


def takeover(levels) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the first sound to the first window where 660 Hz sounds."""
    sounding = [t for t, rms, _ in levels if rms > 0.01]
    first = sounding[0]
    return next(t for t, rms, zc in levels if rms > 0.01 and abs(zc - 66) <= 3) - first


def run(tmp_path: Path, qtbot, window: float):  # type: ignore[no-untyped-def]
    a = tone(tmp_path / "a.wav", 440, 12.0, 0.5)
    b = tone(tmp_path / "b.wav", 660, 6.0, 0.5)
    plan = replace(PLAN, music=MusicPlan(boundary_window=window))
    tracks = {0: a, 1: b}
    clock = FakeClock()
    controller = memory_controller(clock, {"plan": plan})
    history = MemoryHistory()
    with null_sink(tmp_path) as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_SERVER", server)
        player = Player(VlcBackend("pulse"))
        player.set_master(1.0)
        conductor = Conductor(
            clock,
            player,
            history,
            lambda _p, i: Playlist(str(i), Path(str(i)), (Track(tracks[i], str(i)),)),
            lambda _m: None,
            levels=lambda _p: AT_REFERENCE,  # measured: the timing is the question here
        )
        player.track_finished.connect(conductor.track_finished)
        qtbot.wait(300)
        with recording(server, tmp_path / f"out-{window:g}.raw") as raw:
            conduct_for(13.0, conductor, controller, clock, qtbot)
        player.shutdown()
    return takeover(window_levels(raw)), history.rows


def test_a_boundary_near_the_end_of_a_track_waits_for_it(tmp_path, qtbot):
    when, rows = run(tmp_path, qtbot, window=120.0)  # 8 s left at the boundary: wait
    assert ("end", "Calm", "a.wav", PHASE_AT_TRACK_END) in rows
    # the first track plays on past the boundary, to its last 3 s overlap
    assert when >= 12.0 - 3.0 - 0.5, f"the next phase was heard {when:.1f} s in"


def test_a_boundary_far_from_the_end_crossfades_at_once(tmp_path, qtbot):
    when, rows = run(tmp_path, qtbot, window=1.0)  # 8 s left, more than the window
    assert ("end", "Calm", "a.wav", PHASE_CHANGE) in rows
    assert BOUNDARY - 0.5 <= when <= BOUNDARY + 1.5, f"the next phase was heard {when:.1f} s in"
