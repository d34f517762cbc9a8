"""Skip pressed while the music is hushed, heard: the room stays silent.

The guide hushes the music because the patient wants to talk. A skip then
(pressed by mistake, or to choose what comes back) must not bring music back
over that conversation: it chooses the next track, which is heard only once
the guide presses Play. The conductor and the player run as in the app,
through libVLC into a PulseAudio null sink.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pap_guide.core.clock import FakeClock
from pap_guide.core.conductor import HUSH, Conductor
from pap_guide.core.playlist import Playlist, Track
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.playback.backends import VlcBackend
from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.fake_player import MemoryHistory
from tests.helpers.memory_store import memory_controller
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = [pytest.mark.audio, pytest.mark.slow]

PLAN = SessionProtocol("plan", "Plan", 600, (Phase("Calm", 0, "a", 1.0, 1.0),))
FIRST, SECOND = 44, 66  # zero crossings in 50 ms: 440 Hz and 660 Hz
HUSHED_AT, SKIPPED_AT, RESUMED_AT, END = 6.0, 10.0, 15.0, 22.0


def test_skip_while_hushed_stays_silent_until_play(tmp_path, qtbot):
    first = tone(tmp_path / "first.wav", 440, 30.0, 0.25)
    second = tone(tmp_path / "second.wav", 660, 30.0, 0.25)
    clock = FakeClock()
    controller = memory_controller(clock, {"plan": PLAN})
    playlist = Playlist("a", Path("a"), (Track(first, "first"), Track(second, "second")))
    actions = {
        HUSHED_AT: lambda: conductor.hush(),
        SKIPPED_AT: lambda: conductor.skip(),
        RESUMED_AT: lambda: conductor.toggle_pause(),
    }
    with null_sink(tmp_path) as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_SERVER", server)
        player = Player(VlcBackend("pulse"))
        player.set_master(1.0)
        conductor = Conductor(clock, player, MemoryHistory(), lambda _p, _i: playlist, print)
        player.track_finished.connect(conductor.track_finished)
        qtbot.wait(300)
        with recording(server, tmp_path / "out.raw") as raw:
            began = time.monotonic()
            controller.start("plan")
            held_after_skip = ""
            while (now := time.monotonic() - began) < END:
                for at in [at for at in actions if at <= now]:
                    actions.pop(at)()
                    if at == SKIPPED_AT:
                        held_after_skip = conductor.held
                clock.advance(0.1)
                conductor.update(controller.session, controller.protocol, controller.state())
                qtbot.wait(100)
        player.shutdown()
    heard = window_levels(raw)
    # the recording began 0.4 s before the session: its seconds are the session's, a little late
    loud = [(t, rms, zc) for t, rms, zc in heard if rms > 0.01]
    assert any(abs(zc - FIRST) <= 2 for t, _, zc in loud if t < HUSHED_AT), "nothing played"
    silent_from = HUSHED_AT + 4.0  # the hush's 3 s fade, and libVLC's buffers
    between = [
        (round(t, 2), round(rms, 4)) for t, rms, _ in heard if silent_from <= t <= RESUMED_AT
    ]
    assert between and max(rms for _, rms in between) < 0.002, (
        f"music was heard between the skip and Play: {[p for p in between if p[1] >= 0.002][:5]}"
    )
    assert held_after_skip == HUSH
    after = [zc for t, rms, zc in loud if t >= RESUMED_AT + 6.0]  # past the 5 s fade-in
    assert after and all(abs(zc - SECOND) <= 2 for zc in after), "Play did not bring the next track"
