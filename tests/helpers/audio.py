"""Small audio files for tests, written with the standard library."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44100


def tone(path: Path, freq: float, seconds: float, amplitude: float = 0.5) -> Path:
    """A steady stereo sine tone as 16-bit WAV."""
    frames = bytearray()
    for n in range(int(seconds * RATE)):
        value = int(32767 * amplitude * math.sin(2 * math.pi * freq * n / RATE))
        frames += struct.pack("<hh", value, value)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path
