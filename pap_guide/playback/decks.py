"""Decks: one playing track each. The player crossfades between them.

A deck reports what happens to it through ``notify(kind)`` with kind
``"playing"``, ``"ended"`` or ``"error"``. libVLC calls its event callbacks
on its own threads (python-vlc's ctypes callbacks run there, holding the
GIL), so ``notify`` must only hand the value on: the player queues it and
posts a wake-up to the GUI thread through a queued signal; it never calls
libVLC back and never touches a widget.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

Notify = Callable[[str], None]
log = logging.getLogger(__name__)


class Deck(Protocol):
    path: Path | None

    def load(self, path: Path, start: float = 0.0) -> None: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop(self) -> None: ...
    def set_amplitude(self, amplitude: float) -> None: ...
    def time(self) -> float | None: ...
    def length(self) -> float | None: ...
    def poll(self) -> None: ...
    def release(self) -> None: ...


MAX_AMPLITUDE = 2.0  # +6 dB: the most a quiet track's gain may lift it


def vlc_volume(amplitude: float) -> int:
    """libVLC's volume (0..126) for a linear amplitude 0..2.

    libVLC applies its volume cubed (software volume and PulseAudio alike:
    volume 50 measured -18 dB), so the cube root makes fade curves work on
    amplitude as written. Above 1 is a quiet track's gain (at most +6 dB,
    and only where its true peak leaves room); nothing goes further.
    """
    amplitude = min(MAX_AMPLITUDE, max(0.0, amplitude))
    return round(100 * float(amplitude ** (1 / 3)))


class Reaper:
    """Stops and frees the players of finished decks on a thread of its own.

    ``libvlc_media_player_stop`` waits for the track's decoder and output to
    wind down: about a millisecond on an idle machine, but 369 ms measured while
    notes were being typed, and it ran on the GUI thread at the end of every
    crossfade, so the keys froze three seconds after each track began. A
    retired player is never touched by the GUI thread again; this thread is
    the only one that stops and frees it.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def retire(self, player: Any, keep: object) -> None:
        """Stop and free ``player`` soon; ``keep`` (its event manager) lives as long."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="libvlc-stop", daemon=True)
                self._thread.start()
        self._queue.put((player, keep))

    def wait(self) -> None:
        """Until every retired player is freed (before libVLC itself goes)."""
        self._queue.join()

    def _run(self) -> None:
        while True:
            player, _keep = self._queue.get()
            try:
                player.stop()
                player.release()
            except Exception:  # the next players are still stopped, and wait() returns
                log.exception("libVLC could not stop a finished player")
            finally:
                self._queue.task_done()


REAPER = Reaper()  # one for the process: libVLC's players, whichever backend made them


class VlcDeck:
    """A deck on one libVLC media player."""

    def __init__(self, instance: Any, notify: Notify) -> None:
        import vlc  # only the playback package imports vlc

        self._vlc = vlc
        self._instance = instance
        self._player = instance.media_player_new()
        self._volume = -1
        self.path: Path | None = None
        # python-vlc keeps the C callback inside the EventManager object: it
        # must live as long as the player, or libVLC calls into freed memory.
        self._events = self._player.event_manager()
        self._kinds = {
            vlc.EventType.MediaPlayerPlaying: "playing",
            vlc.EventType.MediaPlayerEndReached: "ended",
            vlc.EventType.MediaPlayerEncounteredError: "error",
        }
        for event_type, kind in self._kinds.items():
            self._events.event_attach(event_type, lambda _event, k=kind: notify(k))

    def load(self, path: Path, start: float = 0.0) -> None:
        """``start``: seconds of leading silence to skip."""
        self.path = path
        media = self._instance.media_new_path(str(path))
        if start > 0:
            media.add_option(f":start-time={start:.3f}")
        self._player.set_media(media)

    def play(self) -> None:
        self._player.play()

    def pause(self) -> None:
        self._player.set_pause(1)

    def resume(self) -> None:
        self._player.set_pause(0)

    def stop(self) -> None:
        self._player.stop()

    def set_amplitude(self, amplitude: float) -> None:
        volume = vlc_volume(amplitude)
        if volume != self._volume:
            self._player.audio_set_volume(volume)
            self._volume = volume

    def time(self) -> float | None:
        ms = self._player.get_time()
        return ms / 1000 if ms is not None and ms >= 0 else None

    def length(self) -> float | None:
        ms = self._player.get_length()
        return ms / 1000 if ms and ms > 0 else None

    def poll(self) -> None:
        """libVLC reports by its own events; nothing to poll."""

    def set_output_device(self, device: str | None) -> None:
        self._player.audio_output_device_set(None, device)

    def release(self) -> None:
        """Silent from now on for the player (no more reports); stopped and freed by
        the :data:`REAPER`, off the calling thread."""
        for event_type in self._kinds:
            self._events.event_detach(event_type)
        REAPER.retire(self._player, self._events)


class NullDeck:
    """A deck that plays nothing but keeps time as a real one would.

    It runs on the ``now`` function it is given (a fake clock's monotonic
    reading in tests) and reports ``ended`` once the track's length has passed.
    """

    def __init__(
        self, now: Callable[[], float], notify: Notify, lengths: Callable[[Path], float | None]
    ) -> None:
        self._now = now
        self._notify = notify
        self._lengths = lengths
        self.path: Path | None = None
        self.amplitude = 0.0
        self.state = "stopped"
        self._played = 0.0
        self._since: float | None = None

    def load(self, path: Path, start: float = 0.0) -> None:
        self.path, self.state, self._played, self._since = path, "loaded", start, None

    def play(self) -> None:
        if self.path is None or not self.path.is_file():
            self.state = "error"
            self._notify("error")
            return
        self.state, self._since = "playing", self._now()
        self._notify("playing")

    def pause(self) -> None:
        if self.state == "playing":
            self._played = self.time() or 0.0
            self.state, self._since = "paused", None

    def resume(self) -> None:
        if self.state == "paused":
            self.state, self._since = "playing", self._now()

    def stop(self) -> None:
        self.state, self._since = "stopped", None

    def set_amplitude(self, amplitude: float) -> None:
        self.amplitude = amplitude

    def time(self) -> float | None:
        if self.state == "playing" and self._since is not None:
            return self._played + self._now() - self._since
        return self._played if self.state == "paused" else None

    def length(self) -> float | None:
        return self._lengths(self.path) if self.path is not None else None

    def poll(self) -> None:
        length, played = self.length(), self.time()
        if (
            self.state == "playing"
            and length is not None
            and played is not None
            and played >= length
        ):
            self.state = "ended"
            self._notify("ended")

    def release(self) -> None:
        self.stop()
