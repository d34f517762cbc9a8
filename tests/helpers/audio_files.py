"""Small audio files in every format a clinic has, written with PyAV.

``encoded(folder, ".flac", 440)`` is a few seconds of a steady stereo tone
(or two tones together) peaking at a set level in dBFS, encoded as MP3, FLAC, Ogg
Vorbis, Opus, AAC in M4A or WAV. ``real_recording()`` is a real, freely
licensed recording that Debian ships, installed by ``tools/bootstrap.sh test``.
"""

from __future__ import annotations

import math
import os
from array import array
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import pytest


@dataclass(frozen=True)
class Format:
    container: str
    codec: str
    rate: int
    options: tuple[tuple[str, str], ...] = ()


FORMATS: dict[str, Format] = {
    ".mp3": Format("mp3", "libmp3lame", 44100),
    ".flac": Format("flac", "flac", 44100),
    # FFmpeg's own Vorbis encoder is marked experimental; it writes valid Ogg Vorbis
    ".ogg": Format("ogg", "vorbis", 44100, (("strict", "experimental"),)),
    ".opus": Format("ogg", "libopus", 48000),
    ".m4a": Format("ipod", "aac", 44100),
    ".wav": Format("wav", "pcm_s16le", 44100),
}

# sound-theme-freedesktop: "alarm-clock-elapsed.oga" is a recording of an
# alarm clock ringing (6 s, stereo Ogg Vorbis, 48 kHz) by Tim/corsica_s,
# licensed CC-BY-SA-3.0 (see /usr/share/doc/sound-theme-freedesktop/copyright).
RECORDING_PACKAGE = "sound-theme-freedesktop"
RECORDING = Path("/usr/share/sounds/freedesktop/stereo/alarm-clock-elapsed.oga")
RECORDING_LICENCE = "CC-BY-SA-3.0, Tim/corsica_s"


def amplitude(dbfs: float) -> float:
    """Peak of a sine at ``dbfs`` (0 dBFS: a full-scale sine)."""
    return 10 ** (dbfs / 20)


def pcm(freqs: tuple[float, ...], seconds: float, dbfs: float, rate: int) -> bytes:
    """Interleaved 16-bit stereo: the sum of ``freqs``, each an equal share of ``dbfs``."""
    peak = 32767 * amplitude(dbfs) / len(freqs)
    samples = array("h")
    steps = [2 * math.pi * f / rate for f in freqs]
    for n in range(int(seconds * rate)):
        value = int(peak * sum(math.sin(step * n) for step in steps))
        samples.extend((value, value))
    return samples.tobytes()


def encoded(
    folder: Path,
    suffix: str,
    *freqs: float,
    seconds: float = 3.0,
    dbfs: float = -6.0,
    name: str | None = None,
) -> Path:
    """Write a tone (or several tones summed) as ``suffix``; returns its path."""
    spec = FORMATS[suffix]
    freqs = freqs or (440.0,)
    path = folder / f"{name or '-'.join(f'{f:g}' for f in freqs)}{suffix}"
    data = pcm(freqs, seconds, dbfs, spec.rate)
    with av.open(str(path), "w", format=spec.container) as out:
        stream = out.add_stream(spec.codec, rate=spec.rate, layout="stereo")
        stream.codec_context.options = dict(spec.options)
        if spec.codec in ("libmp3lame", "aac", "libopus", "vorbis"):
            stream.bit_rate = 128_000
        step = 4096
        for start in range(0, len(data), step * 4):
            chunk = data[start : start + step * 4]
            frame = av.AudioFrame(format="s16", layout="stereo", samples=len(chunk) // 4)
            frame.planes[0].update(chunk)
            frame.rate = spec.rate
            frame.pts = start // 4  # in samples: Ogg's granule positions come from it
            frame.time_base = Fraction(1, spec.rate)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def decoded_peak(path: Path) -> tuple[float, float]:
    """(seconds, peak 0..1 of the left channel) as PyAV decodes ``path``."""
    total, peak = 0.0, 0.0
    with av.open(str(path)) as source:
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=48000)
        for frame in source.decode(audio=0):
            for out in resampler.resample(frame):
                samples = array("h", bytes(out.planes[0])[: out.samples * 4])
                total += out.samples / 48000
                if samples:
                    peak = max(peak, max(abs(v) for v in samples[0::2]) / 32768)
    return total, peak


def real_recording() -> Path:
    """The real recording, or a skip (a failure in CI) naming the package to install."""
    if RECORDING.is_file():
        return RECORDING
    message = (
        f"{RECORDING} is missing: the real-recording tests need Debian's "
        f"{RECORDING_PACKAGE} (tools/bootstrap.sh test installs it)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
