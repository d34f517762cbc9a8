"""A protocol's [music] table: the reference loudness and the phase-boundary window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pap_guide.core.loudness import REFERENCE_LUFS
from pap_guide.core.plan_checks import PlanError, number, table

MUSIC_KEYS = {"reference_lufs", "boundary_window_seconds"}
BOUNDARY_WINDOW_SECONDS = 120.0


@dataclass(frozen=True)
class MusicPlan:
    reference_lufs: float = REFERENCE_LUFS  # every track is brought to this
    # a phase boundary waits for the current track's end when it comes within this
    boundary_window: float = BOUNDARY_WINDOW_SECONDS


def parse_music(raw: Any) -> MusicPlan:
    table(raw, MUSIC_KEYS, "music")
    reference = raw.get("reference_lufs", REFERENCE_LUFS)
    if isinstance(reference, bool) or not isinstance(reference, int | float):
        raise PlanError("music, reference_lufs", f"must be a number, not {reference!r}")
    if not -36 <= reference <= -9:
        raise PlanError(
            "music, reference_lufs",
            f"must be between -36 and -9 LUFS (EBU R128 is -23, streaming about -14), "
            f"got {reference:g}",
        )
    window = number(
        raw.get("boundary_window_seconds", BOUNDARY_WINDOW_SECONDS),
        "music, boundary_window_seconds",
    )
    if window > 900:
        raise PlanError(
            "music, boundary_window_seconds", f"must be at most 900 seconds, got {window:g}"
        )
    return MusicPlan(float(reference), window)
