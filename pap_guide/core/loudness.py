"""Even loudness: the gain that brings a track to the reference, never a blast.

Every track is measured once (EBU R128 integrated loudness and true peak,
with the silence at its edges). The player applies the gain this module
works out, then the phase's volume and the guide's master volume on top.
Gain may cut freely, boosts at most +6 dB, and never lifts a true peak past
-1 dBTP. A track not yet measured (or one that could not be) plays as if it
were the loudest a track can be, a full-scale square wave, so it is never
louder than the reference; the player glides it to its gain once it is measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

REFERENCE_LUFS = -18.0
MAX_BOOST_DB = 6.0
PEAK_CEILING_DBTP = -1.0
LOUDEST_LUFS = 3.0  # a full-scale square wave: nothing decoded measures louder
SILENCE_DBFS = -50.0  # below this at a track's edges is silence to skip at crossfades
IN_RANGE_DB = 1.0  # a track left further than this from the reference is flagged


@dataclass(frozen=True)
class Measurement:
    """What a scan of one track found."""

    lufs: float | None  # integrated loudness; None for a silent track
    true_peak: float  # dBTP
    duration: float  # seconds
    lead_silence: float = 0.0  # seconds below SILENCE_DBFS at the start
    tail_silence: float = 0.0  # ... and at the end


@dataclass(frozen=True)
class TrackLevel:
    """How the player plays one track: its gain and where its sound is."""

    gain_db: float
    measured: bool
    start: float = 0.0  # seconds of leading silence skipped at a crossfade
    tail: float = 0.0  # seconds of trailing silence the next crossfade comes before


def gain_db(measured: Measurement, reference: float = REFERENCE_LUFS) -> float:
    """The gain for ``measured``: to the reference, boost capped, true peak kept down."""
    if measured.lufs is None:
        return 0.0  # nothing to bring up: leave silence alone
    wanted = reference - measured.lufs
    return min(wanted, MAX_BOOST_DB, PEAK_CEILING_DBTP - measured.true_peak)


def unmeasured(reference: float = REFERENCE_LUFS) -> TrackLevel:
    """The level of a track with no measurement: quiet for most, never over the reference."""
    return TrackLevel(reference - LOUDEST_LUFS, measured=False)


def track_level(measured: Measurement | None, reference: float = REFERENCE_LUFS) -> TrackLevel:
    if measured is None:
        return unmeasured(reference)
    return TrackLevel(
        gain_db(measured, reference), True, measured.lead_silence, measured.tail_silence
    )


def linear(db: float) -> float:
    return float(10 ** (db / 20))


def after_gain(measured: Measurement, reference: float = REFERENCE_LUFS) -> float | None:
    """The loudness the track plays at (before the phase and master volumes)."""
    if measured.lufs is None:
        return None
    return measured.lufs + gain_db(measured, reference)


def out_of_range(measured: Measurement, reference: float = REFERENCE_LUFS) -> str:
    """Why the track cannot be brought to the reference, or ''."""
    if measured.lufs is None:
        return "silent: no loudness to measure"
    played = after_gain(measured, reference)
    assert played is not None
    if abs(played - reference) <= IN_RANGE_DB:
        return ""
    if reference - measured.lufs > MAX_BOOST_DB:
        return f"too quiet: {measured.lufs:.1f} LUFS needs more than +{MAX_BOOST_DB:g} dB"
    return (
        f"its true peak ({measured.true_peak:.1f} dBTP) allows only "
        f"{gain_db(measured, reference):+.1f} dB"
    )


def spread(levels: Sequence[float | None]) -> float:
    """Loudest minus quietest, in dB (0 for fewer than two measured tracks)."""
    known = [level for level in levels if level is not None]
    return max(known) - min(known) if len(known) > 1 else 0.0
