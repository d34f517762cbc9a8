"""Measure a track's loudness (EBU R128) and the silence at its edges.

PyAV decodes whatever FFmpeg can (MP3, FLAC, Vorbis, Opus, AAC, WAV, ...)
and libebur128 (through pyebur128) measures the integrated loudness and
the true peak block by block, so a long track is never held in memory whole.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
from pyebur128 import (
    ChannelType,
    MeasurementMode,
    R128State,
    get_loudness_global,
    get_true_peak,
)

from pap_guide.core.loudness import SILENCE_DBFS, Measurement

WINDOW_SECONDS = 0.05  # silence is judged in 50 ms windows
SILENT = 10 ** (SILENCE_DBFS / 20)


class ScanError(Exception):
    """The file could not be decoded; the text says why."""


class _Edges:
    """Finds the first and last window louder than silence, as samples stream by."""

    def __init__(self, rate: int) -> None:
        self.window = max(1, int(rate * WINDOW_SECONDS))
        self.rate = rate
        self.seen = 0  # frames so far
        self.first: int | None = None  # frame index of the first sound
        self.last = 0  # frame index just after the last sound
        self._pending = np.zeros(0, dtype=np.float32)

    def add(self, peaks: np.ndarray) -> None:
        """``peaks``: the loudest channel's absolute value of each frame."""
        data = np.concatenate([self._pending, peaks])
        whole = len(data) // self.window * self.window
        if whole:
            windows = data[:whole].reshape(-1, self.window).max(axis=1)
            loud = np.flatnonzero(windows > SILENT)
            if loud.size:
                if self.first is None:
                    self.first = self.seen + int(loud[0]) * self.window
                self.last = self.seen + (int(loud[-1]) + 1) * self.window
            self.seen += whole
        self._pending = data[whole:]

    def result(self) -> tuple[float, float]:
        total = self.seen + len(self._pending)
        if self._pending.size and float(self._pending.max()) > SILENT:
            self.first = self.seen if self.first is None else self.first
            self.last = total
        if self.first is None:
            return 0.0, 0.0
        return self.first / self.rate, max(0, total - self.last) / self.rate


def scan(path: Path, progress: Callable[[float], None] | None = None) -> Measurement:
    """Measure ``path``; ``progress`` hears the fraction done now and then."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise ScanError("it holds no audio stream")
            stream = container.streams.audio[0]
            rate = int(stream.codec_context.sample_rate or stream.rate or 0)
            channels = int(stream.codec_context.channels or 0)
            if rate <= 0 or channels <= 0:
                raise ScanError("its audio has no sample rate or channels")
            base = stream.time_base
            total = float(stream.duration * base) if stream.duration and base else None
            if total is None and container.duration:
                total = container.duration / av.time_base
            state = R128State(
                channels, rate, MeasurementMode.MODE_I | MeasurementMode.MODE_TRUE_PEAK
            )
            if channels == 1:  # played on both ears (libVLC sends mono to both): 3 dB louder
                state.set_channel(0, ChannelType.DUAL_MONO)
            resampler = av.AudioResampler(format="flt", layout=stream.layout, rate=rate)
            edges = _Edges(rate)
            frames = 0
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    frames += _add(state, edges, out, channels)
                if progress is not None and total:
                    progress(min(1.0, frames / rate / total))
            for out in resampler.resample(None):
                frames += _add(state, edges, out, channels)
    except ScanError:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise ScanError(str(exc)) from exc
    if frames == 0:
        raise ScanError("it decodes to no audio")
    loudness = get_loudness_global(state)
    peak = max(get_true_peak(state, channel) for channel in range(channels))
    lead, tail = edges.result()
    return Measurement(
        lufs=loudness if math.isfinite(loudness) else None,
        true_peak=20 * math.log10(peak) if peak > 0 else -120.0,
        duration=frames / rate,
        lead_silence=lead,
        tail_silence=tail,
    )


def scan_or_reason(path: Path) -> Measurement | str:
    """The measurement, or why there is none (what the cache keeps for a bad file)."""
    try:
        return scan(path)
    except ScanError as exc:
        return f"cannot be decoded: {exc}"


def _add(state: R128State, edges: _Edges, frame: av.AudioFrame, channels: int) -> int:
    samples = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)  # interleaved
    count = frame.samples
    if count:
        state.add_frames(samples, count)
        edges.add(np.abs(samples[: count * channels].reshape(count, channels)).max(axis=1))
    return count
