"""The Player: a thin QObject over decks that fades, crossfades and reports.

Loudness of a deck = master volume x the phase's target volume x the
track's loudness gain x the deck's fade gain. The volumes and the fade only
ever move along ramps, so nothing jumps: a new track fades in, the old one
fades out (equal power), pause and hush fade, and a change of master volume
glides: down in a quarter of a second, up over as much as four.
"""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from pap_guide.core.fade import Ramp, clamp_volume
from pap_guide.playback.decks import MAX_AMPLITUDE, REAPER, Deck, Notify

MIN_FADE = 0.05
MASTER_FADE = 0.25  # a volume lowered: quickly, the guide wants it down now
RISE_SECONDS = 4.0  # a volume raised: at most this fast over the whole range (End: 0 to 100)
PAUSE_FADE = 0.8
HUSH_FADE = 3.0
# the output lost (headphones unplugged, the sound server restarted): the track
# is opened again on a new output after this wait, doubling while it still fails
REOPEN_WAIT = 2.0
REOPEN_MOST = 30.0
REOPEN_FADE = 3.0  # and faded in from silence, never back at once
# a deck released on the lost output goes on failing until the reaper has stopped it
# (off this thread): what is said this soon after a new deck opened is taken as its
# noise, not the new deck's. A new deck on an output still gone fails on after it.
OUTPUT_SETTLE = 1.0


class Backend(Protocol):
    """Makes decks and knows the audio outputs."""

    def make_deck(self, notify: Notify) -> Deck: ...
    def watch_output(self, on_failure: Callable[[], None]) -> None: ...
    def unwatch_output(self) -> None: ...
    def output_devices(self) -> list[tuple[str, str]]: ...
    def set_output_device(self, device: str | None) -> None: ...


@dataclass
class _Slot:
    deck: Deck
    path: Path
    target: float
    ramp: Ramp
    gain: Ramp  # the track's loudness gain, linear (at most 2: +6 dB), held or gliding
    started: bool = False
    stop_when_silent: bool = False
    pause_when_silent: bool = False


class Player(QObject):
    """Plays tracks with fades on a backend (libVLC or the null backend).

    Signals:
        state_changed(str): "stopped", "playing", "paused" or "hushed".
        track_started(str): the path of a track that began to play.
        track_finished(str): the path of the current track, at its natural end.
        error(str, str): a track that could not be played, and why.
        output_failed(): no audio output could be opened.

    libVLC reports on its own threads. A report goes into a queue and wakes
    the GUI thread through a private signal with a queued connection (posting
    it is all that happens on libVLC's thread: no libVLC call, no widget); the
    GUI thread then drains the queue and turns it into these signals. Nothing
    polls: while music plays the player costs nothing between reports and
    fades.
    """

    state_changed = Signal(str)
    track_started = Signal(str)
    track_finished = Signal(str)
    error = Signal(str, str)
    output_failed = Signal()
    _wake = Signal()  # emitted on libVLC's threads; queued to the GUI thread

    def __init__(
        self,
        backend: Backend,
        now: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self._now = now
        self._slots: dict[int, _Slot] = {}
        self._ids = count(1)
        self._current: int | None = None
        self._master = Ramp.hold(0.5)
        self.state = "stopped"
        self._timer = QTimer(self)
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._apply)
        self._inbox: queue.SimpleQueue[tuple[int, str, float]] = queue.SimpleQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._lost = False  # the output failed since the current track's deck opened
        self._reopen_wait = REOPEN_WAIT
        self._lost_at = float("-inf")
        self._reopen = QTimer(self)
        self._reopen.setSingleShot(True)
        self._reopen.timeout.connect(self._reopen_current)
        self._opened_at = float("-inf")  # when the current deck opened, on the player's clock
        backend.watch_output(lambda: self._failed(self._now()))

    # -- what the conductor and the controls call

    def play(
        self, path: Path, target: float, fade: float, gain: float = 1.0, start: float = 0.0
    ) -> None:
        """Start ``path`` now, crossfading from whatever plays over ``fade`` seconds.

        ``gain`` (linear) evens out its loudness; ``start`` skips leading silence.
        """
        now, fade = self._now(), max(MIN_FADE, fade)
        for slot in self._slots.values():
            self._fade(slot, 0.0, fade, now)
            slot.stop_when_silent = True
        gain = min(MAX_AMPLITUDE, max(0.0, gain))
        self._open(path, clamp_volume(target), Ramp(0.0, 1.0, now, fade), Ramp.hold(gain), start)
        self._set_state("playing")
        self._apply()

    def _open(self, path: Path, target: float, ramp: Ramp, gain: Ramp, start: float) -> None:
        """A new current deck (on the output as it is now), playing ``path`` from ``start``."""
        slot_id = next(self._ids)
        deck = self.backend.make_deck(self._notifier(slot_id))
        self._slots[slot_id] = _Slot(deck, path, target, ramp, gain)
        self._current = slot_id
        self._lost = False
        self._opened_at = self._now()
        deck.set_amplitude(0.0)
        deck.load(path, start)
        deck.play()

    def _reopen_current(self, fade: float = REOPEN_FADE) -> None:
        """The output failed while this track played: play it on in a new deck, which
        opens the output again (libVLC opens an output only when a player starts, and
        plays on in silence when it loses one), from where it was, faded in."""
        slot = self._slots.get(self._current or -1)
        if slot is None or self.state != "playing" or not self._lost:
            return
        played = slot.deck.time() or 0.0
        self._release(self._current or -1)
        self._open(slot.path, slot.target, Ramp(0.0, 1.0, self._now(), fade), slot.gain, played)
        self._apply()

    def pause(self, fade: float = PAUSE_FADE) -> None:
        self._quiet("paused", fade)

    def hush(self, fade: float = HUSH_FADE) -> None:
        """Fade to silence now (the patient wants to talk); resume fades back."""
        self._quiet("hushed", fade)

    def resume(self, fade: float | None = None) -> None:
        slot = self._slots.get(self._current or -1)
        if slot is None or self.state == "playing":
            return
        fade = fade if fade is not None else (HUSH_FADE if self.state == "hushed" else PAUSE_FADE)
        slot.pause_when_silent = False
        self._set_state("playing")
        if self._lost:  # the held deck's output went while it waited: a new one
            self._reopen_current(max(fade, REOPEN_FADE))
            return
        slot.deck.resume()
        self._fade(slot, 1.0, fade, self._now())
        self._apply()

    def stop(self, fade: float = PAUSE_FADE) -> None:
        now = self._now()
        for slot in self._slots.values():
            self._fade(slot, 0.0, fade, now)
            slot.stop_when_silent = True
        self._current = None
        self._set_state("stopped")
        self._apply()

    def set_gain(self, gain: float, seconds: float) -> None:
        """The current track's loudness gain, now measured: it glides there."""
        slot = self._slots.get(self._current or -1)
        if slot is None:
            return
        now = self._now()
        gain = min(MAX_AMPLITUDE, max(0.0, gain))
        slot.gain = Ramp(slot.gain.value(now), gain, now, max(MIN_FADE, seconds))
        self._apply()

    def set_master(self, volume: float) -> None:
        """The guide's volume, 0..1; it glides there instead of jumping.

        Down in a quarter of a second; up no faster than the whole range in
        RISE_SECONDS, so that one key (End on the slider) is never a blast. With
        nothing sounding it is simply set: the next track fades in to it."""
        now, volume = self._now(), clamp_volume(volume)
        if self.state != "playing":
            self._master = Ramp.hold(volume)
            self._apply()
            return
        start = self._master.value(now)
        seconds = max(MASTER_FADE, RISE_SECONDS * (volume - start))
        self._master = Ramp(start, volume, now, seconds)
        self._apply()

    def set_output_device(self, device: str | None) -> None:
        """Send the music to ``device`` (None: the default), playing tracks included."""
        self.backend.set_output_device(device)
        for slot in self._slots.values():
            move = getattr(slot.deck, "set_output_device", None)
            if move is not None:
                move(device)

    def master(self) -> float:
        return self._master.end

    def fading(self) -> bool:
        """A fade or a volume glide is under way (the only time the player has a timer)."""
        return self._timer.isActive()

    def poll(self) -> None:
        """Deliver what the decks reported, then let self-timed decks report (null)."""
        self._drain()
        for slot in list(self._slots.values()):
            slot.deck.poll()

    def current_path(self) -> Path | None:
        slot = self._slots.get(self._current or -1)
        return slot.path if slot else None

    def position(self) -> tuple[float | None, float | None]:
        """(seconds played, length) of the current track."""
        slot = self._slots.get(self._current or -1)
        return (slot.deck.time(), slot.deck.length()) if slot else (None, None)

    def amplitudes(self) -> dict[str, float]:
        """The amplitude each sounding track is set to now, by path (for tests)."""
        now = self._now()
        return {str(s.path): self._amplitude(s, now) for s in self._slots.values()}

    def shutdown(self) -> None:
        """Stop everything now; libVLC stops calling back before this returns."""
        self.backend.unwatch_output()
        self._timer.stop()
        self._reopen.stop()
        for slot in self._slots.values():
            slot.deck.release()
        self._slots.clear()
        self._current = None
        REAPER.wait()  # every player stopped before libVLC can go with the process

    # -- inside

    def _quiet(self, state: str, fade: float) -> None:
        slot = self._slots.get(self._current or -1)
        if slot is None or self.state in ("paused", "hushed", "stopped"):
            if slot is not None and self.state != state:
                self._set_state(state)
            return
        now = self._now()
        for other in self._slots.values():
            self._fade(other, 0.0, fade, now)
        slot.pause_when_silent = True
        self._set_state(state)
        self._apply()

    def _notifier(self, slot_id: int) -> Notify:
        """A callback for one deck; safe to call from libVLC's threads."""

        def notify(kind: str) -> None:
            self._report(slot_id, kind)

        return notify

    def _failed(self, at: float) -> None:
        """libVLC said its output failed (on its threads): queued with when it said so
        (the player's clock is time.monotonic, safe on any thread, or a test's)."""
        self._report(0, "output_failed", at)

    def _report(self, slot_id: int, kind: str, at: float = 0.0) -> None:
        """Queue a report and wake the GUI thread; called on libVLC's threads."""
        self._inbox.put((slot_id, kind, at))
        # posts an event to the GUI thread, never runs _drain here; a RuntimeError
        # means the player is gone (its window closed): nobody is left to tell
        with contextlib.suppress(RuntimeError):
            self._wake.emit()

    def _fade(self, slot: _Slot, to: float, seconds: float, now: float) -> None:
        slot.ramp = Ramp(slot.ramp.value(now), to, now, max(MIN_FADE, seconds))

    def _amplitude(self, slot: _Slot, now: float) -> float:
        return self._master.value(now) * slot.target * slot.gain.value(now) * slot.ramp.value(now)

    def _apply(self) -> None:
        now = self._now()
        moving = not self._master.done(now)
        for slot_id, slot in list(self._slots.items()):
            slot.deck.set_amplitude(self._amplitude(slot, now))
            if not slot.ramp.done(now) or not slot.gain.done(now):
                moving = True
            elif slot.ramp.end == 0.0 and slot.stop_when_silent:
                self._release(slot_id)
            elif slot.ramp.end == 0.0 and slot.pause_when_silent:
                slot.pause_when_silent = False
                slot.deck.pause()
        if moving and not self._timer.isActive():
            self._timer.start()
        elif not moving:
            self._timer.stop()

    def _release(self, slot_id: int) -> None:
        slot = self._slots.pop(slot_id, None)
        if slot is not None:
            slot.deck.release()
        if slot_id == self._current:
            self._current = None

    def _drain(self) -> None:
        """Turn what the decks reported into signals, in the GUI thread."""
        # bring the fades up to now first: a tick the event loop was too busy to
        # run (a stalled machine) must not leave a finished fade's timer running
        self._apply()
        while True:
            try:
                slot_id, kind, at = self._inbox.get_nowait()
            except queue.Empty:
                return
            if kind == "output_failed":
                if at - self._opened_at >= OUTPUT_SETTLE:  # else the released deck's
                    self._output_lost()
                    self.output_failed.emit()
            else:
                self._on_deck_event(slot_id, kind)

    def _output_lost(self) -> None:
        """Open the output again soon: at once it would fail again, and again..."""
        self._lost = True
        now = self._now()  # the player's clock, as every ramp
        if now - self._lost_at > 2 * REOPEN_MOST:  # a new loss, not the same one going on
            self._reopen_wait = REOPEN_WAIT
        self._lost_at = now
        # held or stopped: nothing to open now (resume opens a held track again)
        if self.state == "playing" and not self._reopen.isActive():
            self._reopen.start(int(self._reopen_wait * 1000))
            self._reopen_wait = min(REOPEN_MOST, self._reopen_wait * 2)

    def _on_deck_event(self, slot_id: int, kind: str) -> None:
        slot = self._slots.get(slot_id)
        if slot is None:
            return
        current = slot_id == self._current
        if kind == "playing" and not slot.started:
            slot.started = True
            if current:
                self.track_started.emit(str(slot.path))
        elif kind in ("ended", "error"):
            # a file that "ends" without ever playing or having a length is not music:
            # report it as an error so the conductor counts it and cannot loop on it
            empty = kind == "ended" and (not slot.started or not slot.deck.length())
            self._release(slot_id)
            self._apply()  # a fade of a track gone has nothing left to move: its timer stops
            if current:
                self._set_state("stopped")
                if kind == "ended" and not empty:
                    self.track_finished.emit(str(slot.path))
                else:
                    why = (
                        "it holds no playable audio"
                        if empty
                        else "the audio engine could not play it"
                    )
                    self.error.emit(str(slot.path), why)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
