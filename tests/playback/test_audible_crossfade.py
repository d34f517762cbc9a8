"""Listen to a real crossfade: libVLC into a PulseAudio null sink, recorded.

Two steady tones stand in for two tracks, so the level of what comes out can
be compared with each side's own level: across the crossfade it must never
fall to silence and never rise above the louder side.
"""

from __future__ import annotations

import pytest

from pap_guide.playback.backends import VlcBackend
from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.helpers.pulse import null_sink, recording, window_levels

pytestmark = pytest.mark.audio

A_TARGET, B_TARGET, FILE_AMPLITUDE = 0.8, 0.5, 0.5


def steady_rms(target: float) -> float:
    return FILE_AMPLITUDE * target / 2**0.5


def test_phase_change_crossfade_never_dips_or_peaks(tmp_path, qtbot, monkeypatch):
    a = tone(tmp_path / "a.wav", 440, 8.0, FILE_AMPLITUDE)
    b = tone(tmp_path / "b.wav", 660, 8.0, FILE_AMPLITUDE)
    with null_sink(tmp_path) as server:
        monkeypatch.setenv("PULSE_SERVER", server)
        player = Player(VlcBackend("pulse"))
        failures = []
        player.output_failed.connect(lambda: failures.append(True))
        player.set_master(1.0)
        qtbot.wait(300)
        with recording(server, tmp_path / "out.raw") as raw:
            player.play(a, A_TARGET, fade=0.05)
            qtbot.wait(1500)
            player.play(b, B_TARGET, fade=3.0)
            qtbot.wait(4500)
        player.shutdown()
    assert not failures, "libVLC could not open the PulseAudio output"
    levels = window_levels(raw)
    loud, quiet = steady_rms(A_TARGET), steady_rms(B_TARGET)
    sounding = [i for i, (_, rms, _) in enumerate(levels) if rms > quiet * 0.5]
    assert sounding, "nothing was heard"
    first, last = sounding[0] + 6, sounding[-1] - 6  # leave out the very start and end
    middle = levels[first:last]
    assert len(middle) >= 70  # about 4 seconds of sound were analysed
    peak = max(rms for _, rms, _ in middle)
    floor = min(rms for _, rms, _ in middle)
    assert peak <= loud * 1.06, f"rose to {peak:.3f}, above the louder side {loud:.3f}"
    assert floor >= quiet * 0.85, f"fell to {floor:.3f}, below the quieter side {quiet:.3f}"
    start_rms, end_rms = middle[0][1], middle[-1][1]
    assert start_rms == pytest.approx(loud, rel=0.06)
    assert end_rms == pytest.approx(quiet, rel=0.06)
    # and it really is the new track at the end: 660 Hz crosses zero 66 times in 50 ms
    assert middle[-1][2] == pytest.approx(66, abs=3)
    assert middle[0][2] == pytest.approx(44, abs=3)
