"""Every format a clinic has plays, is measured and crossfades through libVLC.

Each format's file is a steady tone of its own pitch, so the recording of
the PulseAudio null sink tells which file was sounding: MP3 at 330 Hz, FLAC
at 440 Hz, and so on. One recording crossfades through all of them in turn
and must never fall to silence on the way.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from pap_guide.playback.player import Player
from tests.helpers.audio_files import FORMATS, encoded, real_recording
from tests.helpers.pulse import null_sink, recording, window_levels
from tests.playback.conftest import vlc_backend_for

PITCH = {".mp3": 330, ".flac": 440, ".ogg": 550, ".opus": 660, ".m4a": 770, ".wav": 880}
# each file outlasts its turn by 2.4 s: libVLC has already played out the last
# second or so of a file that reaches its end, so a fade there would not be heard
SECONDS, HOLD, FADE, TARGET = 4.0, 1.6, 1.0, 0.8


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    return {
        suffix: encoded(folder, suffix, PITCH[suffix], seconds=SECONDS, dbfs=-6, name="tone")
        for suffix in FORMATS
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One PulseAudio null sink for the module's tests."""
    with null_sink(tmp_path_factory.mktemp("pulse")) as address, pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULSE_SERVER", address)
        yield address


@pytest.mark.parametrize("suffix", sorted(PITCH))
def test_libvlc_measures_every_format(files, suffix):
    length = vlc_backend_for("dummy").media_length(files[suffix])
    assert length == pytest.approx(SECONDS, abs=0.15), f"{suffix}: libVLC says {length}"


def test_libvlc_measures_the_real_recording():
    length = vlc_backend_for("dummy").media_length(real_recording())
    assert length == pytest.approx(6.13, abs=0.1)


def record(server: str, qtbot, raw: Path, plays: list[tuple[Path, float]]) -> list[str]:
    """Play each file in turn for its seconds, crossfading; returns the player's errors."""
    player = Player(vlc_backend_for("pulse"))
    errors: list[str] = []
    player.error.connect(lambda path, message: errors.append(f"{path}: {message}"))
    player.output_failed.connect(lambda: errors.append("libVLC could not open PulseAudio"))
    player.set_master(1.0)
    qtbot.wait(300)
    with recording(server, raw):
        for path, seconds in plays:
            player.play(path, TARGET, fade=FADE)
            qtbot.wait(int(seconds * 1000))
    player.shutdown()
    return errors


def pitch_of(crossings: int) -> int | None:
    """Which format's pitch a 50 ms window's zero crossings show (f Hz: f/10 crossings)."""
    near = min(PITCH.values(), key=lambda f: abs(f / 10 - crossings))
    return near if abs(near / 10 - crossings) <= 3 else None


@pytest.mark.audio
def test_every_format_sounds_and_crossfades_into_the_next(server, files, qtbot, tmp_path):
    order = sorted(PITCH, key=PITCH.get)
    errors = record(server, qtbot, tmp_path / "out.raw", [(files[s], HOLD) for s in order])
    assert not errors, errors
    levels = window_levels(tmp_path / "out.raw")
    heard = [pitch_of(crossings) for _, rms, crossings in levels if rms > 0.02]
    solo = {f: [rms for _, rms, c in levels if pitch_of(c) == f and rms > 0.02] for f in heard}
    missing = [s for s in order if len(solo.get(PITCH[s], [])) < 5]
    assert not missing, f"not heard (at least 0.25 s of its own pitch): {missing}"
    runs = [f for i, f in enumerate(heard) if f is not None and (i == 0 or heard[i - 1] != f)]
    assert sorted(set(runs), key=runs.index) == [PITCH[s] for s in order], "out of order"
    level = {f: statistics.median(values) for f, values in solo.items()}
    quietest = min(level[PITCH[s]] for s in order)
    assert quietest > 0.1, f"too quiet: {level}"
    fine = window_levels(tmp_path / "out.raw", window=0.02)
    steady = [i for i, (_, rms, _) in enumerate(fine) if rms > quietest * 0.9]
    middle = fine[steady[0] : steady[-1] - 10]  # from the end of the first fade-in
    assert middle[-1][0] - middle[0][0] > HOLD * (len(order) - 1), "too little was heard"
    low_at, low = min(((t, rms) for t, rms, _ in middle), key=lambda item: item[1])
    assert low >= quietest * 0.6, f"fell to {low:.3f} at {low_at:.2f} s (tracks at {level})"


@pytest.mark.audio
def test_the_real_recording_is_heard(server, files, qtbot, tmp_path):
    errors = record(server, qtbot, tmp_path / "out.raw", [(real_recording(), 2.5)])
    assert not errors, errors
    levels = window_levels(tmp_path / "out.raw")
    assert sum(1 for _, rms, _ in levels if rms > 0.02) >= 10, "the recording was not heard"
