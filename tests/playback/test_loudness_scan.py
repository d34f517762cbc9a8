"""The loudness scan on every format the player plays, a real recording, and bad files."""

from __future__ import annotations

import pytest

from pap_guide.playback.loudness_scan import ScanError, scan
from tests.helpers.audio_files import FORMATS, encoded, real_recording


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    return folder, scan(encoded(folder, ".wav", 1000.0, dbfs=-12.0))


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_format_measures_like_the_wav(reference, suffix):
    folder, wav = reference
    found = scan(encoded(folder, suffix, 1000.0, dbfs=-12.0))
    assert wav.lufs is not None and found.lufs is not None
    assert found.lufs == pytest.approx(wav.lufs, abs=1.0), suffix  # lossy codecs differ a little
    assert found.true_peak == pytest.approx(-12.0, abs=1.5), suffix
    assert found.duration == pytest.approx(3.0, abs=0.1), suffix


def test_a_sine_at_minus_12_dbfs_is_minus_12_lufs_in_stereo(reference):
    """EBU Tech 3341's anchor: a 1 kHz stereo sine at X dBFS peak measures X LUFS (within 0.1)."""
    _, wav = reference
    assert wav.lufs == pytest.approx(-12.0, abs=0.1)


def test_silence_at_the_edges_is_found(tmp_path):
    import av
    import numpy as np

    rate = 44100
    silence, sound = np.zeros(rate), 0.4 * np.sin(2 * np.pi * 440 * np.arange(2 * rate) / rate)
    mono = np.concatenate([silence, sound, silence, silence[: rate // 2]]).astype(np.float32)
    path = tmp_path / "edges.flac"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray((mono * 32767).astype(np.int16)[None, :], "s16", "mono")
        frame.rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    found = scan(path)
    assert found.lead_silence == pytest.approx(1.0, abs=0.06)
    assert found.tail_silence == pytest.approx(1.5, abs=0.06)


def test_a_real_recording_measures():
    found = scan(real_recording())
    assert found.lufs is not None and -40 < found.lufs < -5
    assert found.true_peak <= 0.5


@pytest.mark.parametrize(
    "content", [b"", b"not audio at all" * 100, b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\xff" * 64]
)
def test_a_file_that_is_not_audio_says_so(tmp_path, content):
    path = tmp_path / "broken.mp3"
    path.write_bytes(content)
    with pytest.raises(ScanError):
        scan(path)


def test_a_mono_file_measures_as_both_ears_hear_it(tmp_path, reference):
    """libVLC plays a mono file on both channels: it must measure as the stereo file of
    the same signal does (a one-channel measure was 3 dB low, so it played 3 dB loud)."""
    import math
    import struct
    import wave

    path = tmp_path / "mono.wav"
    rate, amplitude = 48000, 10 ** (-12 / 20)
    samples = (
        int(32767 * amplitude * math.sin(2 * math.pi * 1000 * n / rate)) for n in range(3 * rate)
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", value) for value in samples))
    _, stereo = reference
    assert scan(path).lufs == pytest.approx(stereo.lufs, abs=0.1)
