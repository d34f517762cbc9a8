"""One behavioural test class, run against every backend (null and libVLC)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from pap_guide.core.clock import FakeClock
from pap_guide.playback.backends import AudioUnavailable, NullBackend, VlcBackend
from pap_guide.playback.player import Player
from tests.helpers.audio import tone


@dataclass
class Rig:
    player: Player
    backend: object
    qtbot: object
    clock: FakeClock | None
    tracks: dict[str, Path]

    def settle(self, seconds: float) -> None:
        """Let ``seconds`` pass for the player, then let Qt deliver events."""
        if self.clock is not None:
            self.clock.advance(seconds)
            self.player.poll()
            self.player._apply()
            self.qtbot.wait(10)
        else:
            self.qtbot.wait(int(seconds * 1000) + 50)


def vlc_backend_for(module: str) -> VlcBackend:
    try:
        return VlcBackend(module)
    except AudioUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"libVLC must load in CI: {exc}")
        pytest.skip(f"libVLC cannot load here: {exc}")


@pytest.fixture(scope="session")
def tone_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tones")
    return {
        "a": tone(folder / "a.wav", 440, 8.0),
        "b": tone(folder / "b.wav", 660, 8.0),
        "short": tone(folder / "short.wav", 550, 0.3),
    }


@pytest.fixture(params=["null", "vlc"])
def rig(request, qtbot, tone_files) -> Rig:
    if request.param == "null":
        clock = FakeClock()
        lengths = {path: 8.0 for path in tone_files.values()}
        lengths[tone_files["short"]] = 0.3
        backend = NullBackend(now=clock.monotonic, lengths=lambda p: lengths.get(p, 1.5))
        player = Player(backend, now=clock.monotonic)
    else:
        clock = None
        backend = vlc_backend_for("dummy")
        player = Player(backend)
    yield Rig(player, backend, qtbot, clock, tone_files)
    player.shutdown()
