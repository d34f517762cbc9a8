"""Synthesize the demo music that ships in ``assets/music``.

Eight short ambient pieces, two for each phase mood of the standard
protocol, built from soft additive pads, bell tones and a synthetic room
reverb. Everything is generated here from numbers, so the result carries no
third-party rights. Run from the repository root:

    python -m pip install -e '.[tools]'
    python tools/make_demo_music.py

The output is deterministic (fixed seeds) and small (Ogg Vorbis).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 32000
A4 = 440.0


def midi_hz(note: float) -> float:
    return A4 * 2 ** ((note - 69) / 12)


@dataclass(frozen=True)
class Piece:
    """One piece: its title, chords (MIDI notes), bell scale and character."""

    slug: str
    title: str
    seconds: float
    chords: tuple[tuple[int, ...], ...]
    scale: tuple[int, ...]
    brightness: int  # harmonics in the pad
    bell_rate: float  # bell notes per second
    pad_level: float
    seed: int


def envelope(n: int, attack: int, release: int) -> np.ndarray:
    env = np.ones(n)
    env[:attack] = np.sin(np.linspace(0, np.pi / 2, attack)) ** 2
    env[n - release :] = np.cos(np.linspace(0, np.pi / 2, release)) ** 2
    return env


def pad_note(freq: float, n: int, harmonics: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    out = np.zeros((n, 2))
    for detune, pan in ((-0.08, 0.25), (0.0, 0.5), (0.09, 0.75)):
        f = freq * 2 ** (detune / 12)
        phase = rng.uniform(0, 2 * np.pi)
        wave = sum(
            np.sin(2 * np.pi * f * k * t + phase * k) / k**1.6 for k in range(1, harmonics + 1)
        )
        out[:, 0] += wave * (1 - pan)
        out[:, 1] += wave * pan
    tremolo = 1 + 0.12 * np.sin(2 * np.pi * rng.uniform(0.05, 0.15) * t + rng.uniform(0, 6))
    return out * tremolo[:, None]


def bell(freq: float, seconds: float) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    tone = np.zeros(n)
    for ratio, amp, decay in (
        (1.0, 1.0, 1.4),
        (2.01, 0.35, 0.9),
        (2.76, 0.22, 0.6),
        (5.40, 0.08, 0.3),
    ):
        tone += amp * np.sin(2 * np.pi * freq * ratio * t) * np.exp(-t / (decay * seconds / 3))
    attack = int(0.01 * RATE)
    tone[:attack] *= np.linspace(0, 1, attack)
    return tone


def reverb(signal: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    out = np.empty_like(signal)
    for ch in range(2):
        ir = rng.standard_normal(n) * np.exp(-t * 6.9 / seconds)
        ir = np.convolve(ir, np.ones(8) / 8, mode="same")  # soften the highs
        ir /= np.sqrt(np.sum(ir**2))
        size = 1 << int(np.ceil(np.log2(len(signal) + n)))
        wet = np.fft.irfft(np.fft.rfft(signal[:, ch], size) * np.fft.rfft(ir, size), size)
        out[:, ch] = wet[: len(signal)]
    return out


def render(piece: Piece) -> np.ndarray:
    rng = np.random.default_rng(piece.seed)
    total = int(piece.seconds * RATE)
    mix = np.zeros((total, 2))
    chord_len = total // len(piece.chords)
    overlap = int(3.0 * RATE)
    for i, chord in enumerate(piece.chords):
        start = max(0, i * chord_len - overlap // 2)
        n = min(total - start, chord_len + overlap)
        env = envelope(n, overlap, overlap)[:, None]
        for note in chord:
            mix[start : start + n] += pad_note(midi_hz(note), n, piece.brightness, rng) * env
    mix *= piece.pad_level / max(1, len(piece.chords[0]))
    bells = np.zeros((total, 2))
    time = 2.0
    while time < piece.seconds - 6:
        note = rng.choice(piece.scale)
        tone = bell(midi_hz(note), rng.uniform(3.0, 5.0))
        start = int(time * RATE)
        end = min(total, start + len(tone))
        pan = rng.uniform(0.2, 0.8)
        velocity = rng.uniform(0.5, 1.0)
        bells[start:end, 0] += tone[: end - start] * (1 - pan) * velocity
        bells[start:end, 1] += tone[: end - start] * pan * velocity
        time += rng.exponential(1 / piece.bell_rate) + 0.6
    dry = mix + 0.6 * bells
    wet = reverb(dry, 3.5, rng)
    out = 0.55 * dry + 0.45 * wet
    out *= envelope(total, int(4 * RATE), int(5 * RATE))[:, None]
    rms = np.sqrt(np.mean(out**2))
    out *= 10 ** (-20 / 20) / rms  # about -20 dBFS RMS
    peak = np.max(np.abs(out))
    if peak > 0.89:  # keep peaks under -1 dBFS
        out *= 0.89 / peak
    return out.astype(np.float32)


PIECES: dict[str, tuple[Piece, ...]] = {
    "introspection": (
        Piece(
            "introspection-1",
            "Inward Tide",
            48,
            ((50, 57, 62, 65), (48, 55, 62, 64), (46, 53, 60, 65), (48, 55, 60, 64)),
            (62, 65, 67, 69, 72),
            5,
            0.25,
            1.0,
            11,
        ),
        Piece(
            "introspection-2",
            "Low Lantern",
            44,
            ((45, 52, 57, 60), (43, 50, 57, 59), (41, 48, 57, 60)),
            (64, 67, 69, 71, 76),
            4,
            0.2,
            1.0,
            12,
        ),
    ),
    "peak": (
        Piece(
            "peak-1",
            "Open Sky",
            50,
            (
                (45, 52, 57, 61, 64),
                (47, 54, 59, 63, 66),
                (50, 57, 62, 66, 69),
                (45, 52, 59, 61, 64),
            ),
            (69, 71, 73, 76, 78, 81),
            8,
            0.6,
            1.1,
            21,
        ),
        Piece(
            "peak-2",
            "Wide Light",
            46,
            (
                (40, 47, 52, 56, 59),
                (42, 49, 54, 57, 61),
                (44, 51, 56, 59, 63),
                (45, 52, 57, 61, 64),
            ),
            (68, 71, 73, 75, 76, 80),
            7,
            0.5,
            1.1,
            22,
        ),
    ),
    "release": (
        Piece(
            "release-1",
            "Slow River",
            48,
            ((41, 48, 53, 57, 60), (38, 45, 50, 53, 57), (46, 53, 58, 62), (48, 55, 60, 64)),
            (65, 67, 69, 72, 74, 77),
            6,
            0.45,
            1.0,
            31,
        ),
        Piece(
            "release-2",
            "Letting Go",
            44,
            ((43, 50, 55, 59), (40, 47, 52, 55, 59), (48, 55, 60, 64), (50, 57, 62, 66)),
            (67, 69, 71, 74, 76),
            5,
            0.4,
            1.0,
            32,
        ),
    ),
    "return": (
        Piece(
            "return-1",
            "Morning Room",
            44,
            ((48, 55, 60, 64), (53, 60, 65, 69), (48, 55, 60, 67)),
            (72, 74, 76, 79, 81),
            4,
            0.3,
            0.9,
            41,
        ),
        Piece(
            "return-2",
            "Home Again",
            42,
            ((43, 50, 55, 59, 62), (48, 55, 60, 64), (43, 50, 55, 62)),
            (71, 74, 76, 79, 83),
            4,
            0.25,
            0.9,
            42,
        ),
    ),
}


def write_playlist(path: Path, pieces: tuple[Piece, ...], music_rel: str) -> None:
    lines = ["#EXTM3U"]
    for piece in pieces:
        lines.append(f"#EXTINF:{round(piece.seconds)},pap-guide demo - {piece.title}")
        lines.append(f"{music_rel}/{piece.slug}.ogg")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    music = args.root / "assets" / "music"
    music.mkdir(parents=True, exist_ok=True)
    for mood, pieces in PIECES.items():
        for piece in pieces:
            target = music / f"{piece.slug}.ogg"
            sf.write(
                target, render(piece), RATE, format="OGG", subtype="VORBIS", compression_level=0.55
            )
            print(f"{target.relative_to(args.root)}  {target.stat().st_size // 1024} KiB")
        write_playlist(args.root / "playlists" / f"{mood}.m3u8", pieces, "../assets/music")


if __name__ == "__main__":
    main()
