"""The conductor: which music plays, following the session clock.

At each phase boundary it crossfades into the next phase's playlist, unless
the current track ends within the protocol's boundary window: then the change
waits for that track's natural end rather than fading out mid-piece. Within a
phase it plays the tracks in order, overlapping their ends a little (before
their trailing silence), and starts the playlist again if the phase outlasts
it. Every track plays at the gain that brings it to the reference loudness. The guide's controls
(pause, skip, hush) and phase moves take effect at once. Every start and end
of a track is saved with the reason it ended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pap_guide.core.clock import Clock
from pap_guide.core.loudness import Measurement, linear, track_level
from pap_guide.core.playlist import Playlist, Track
from pap_guide.core.plays import Play
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionRecord, SessionState

NATURAL_END = "natural end"
SKIP = "skip"
PHASE_CHANGE = "phase change"
PHASE_AT_TRACK_END = "phase change at track end"  # the boundary waited for the track
HUSH = "hush"
PAUSE = "pause"
SESSION_END = "session ended"
ERROR = "error"

TRACK_OVERLAP = 3.0  # seconds of crossfade between tracks of one phase
SKIP_FADE = 1.5
RESUME_FADE = 5.0  # coming back after a restart
END_FADE = 10.0
GAIN_GLIDE = 5.0  # a track measured while it plays moves to its gain this slowly


class MusicPlayer(Protocol):
    """What the conductor drives (``playback.Player`` is one)."""

    state: str

    def play(
        self, path: Path, target: float, fade: float, gain: float = 1.0, start: float = 0.0
    ) -> None: ...
    def pause(self, fade: float = ...) -> None: ...
    def hush(self, fade: float = ...) -> None: ...
    def resume(self, fade: float | None = None) -> None: ...
    def stop(self, fade: float = ...) -> None: ...
    def position(self) -> tuple[float | None, float | None]: ...
    def current_path(self) -> Path | None: ...
    def poll(self) -> None: ...
    def set_gain(self, gain: float, seconds: float) -> None: ...


class PlayHistory(Protocol):
    def track_started(self, play: Play) -> Play: ...
    def track_ended(
        self, play: Play, utc: datetime, session_seconds: float, reason: str
    ) -> None: ...
    def plays(self, session_id: int) -> list[Play]: ...
    def last_end_reason(self, session_id: int) -> str: ...


PlaylistSource = Callable[[SessionProtocol, int], Playlist]
Levels = Callable[[Path], Measurement | None]  # a track's measurement, if it has one


def _not_measured(_path: Path) -> Measurement | None:
    return None


class Conductor:
    """Keeps the music in step with the session. Driven by ``update()`` each tick."""

    def __init__(
        self,
        clock: Clock,
        player: MusicPlayer,
        history: PlayHistory,
        playlists: PlaylistSource,
        report: Callable[[str], None],
        levels: Levels = _not_measured,
    ) -> None:
        self.clock = clock
        self.levels = levels
        self.player = player
        self.history = history
        self.playlists = playlists
        self.report = report
        self.session: SessionRecord | None = None
        self.protocol: SessionProtocol | None = None
        self.state: SessionState | None = None
        self.phase_index: int | None = None
        self.track_index = -1
        self.playing: Play | None = None
        self.held = ""  # "", PAUSE or HUSH: the guide has stopped the music
        self.cued: Track | None = None  # skipped to while held: plays when the guide resumes
        self._failures = 0  # tracks in a row that would not play
        self._last_phase: str | None = None  # phase of the last track started
        self._starts: tuple[float, ...] = ()  # phase starts at the last update
        self._waiting = False  # a boundary came: the phase changes at this track's end
        self._tail = 0.0  # trailing silence of the current track, seconds
        self._unmeasured: Path | None = None  # the current track, playing at the safe gain

    # -- driven by the app

    def update(
        self,
        session: SessionRecord | None,
        protocol: SessionProtocol | None,
        state: SessionState | None,
    ) -> None:
        # the state first: what the player reports now (a track ended) is stamped at
        # this tick's time, not the last one's (after the clock was set right, hours off)
        self.session, self.protocol, self.state = session, protocol, state
        self.player.poll()
        if session is None or protocol is None or state is None or state.pre_dose or state.ended:
            if self.phase_index is not None:
                self._end_current(SESSION_END)
                self.player.stop(END_FADE)
                self.phase_index, self.held = None, ""
            return
        moved = state.phase_starts != self._starts and bool(self._starts)
        self._starts = state.phase_starts
        if state.phase_index != self.phase_index:
            first = self.phase_index is None
            if first or moved or not self._may_wait(protocol):
                self._change_phase(first)
                return
            self._waiting = True  # a natural boundary near this track's end
        if self._unmeasured is not None:
            self._measured_now(protocol)
        if not self.held and self.player.state == "playing":
            left = self._left()
            if left is not None and left <= TRACK_OVERLAP:
                if self._waiting:
                    self._change_phase(False, PHASE_AT_TRACK_END, TRACK_OVERLAP)
                else:
                    self._next(NATURAL_END, TRACK_OVERLAP)

    def _measured_now(self, protocol: SessionProtocol) -> None:
        """The track started unmeasured, and may be measured now: to its gain, gliding."""
        assert self._unmeasured is not None
        if self.player.current_path() != self._unmeasured:
            self._unmeasured = None  # it ended first
            return
        measured = self.levels(self._unmeasured)
        if measured is None:
            return
        level = track_level(measured, protocol.music.reference_lufs)
        self._unmeasured, self._tail = None, level.tail
        self.player.set_gain(linear(level.gain_db), GAIN_GLIDE)

    def _left(self) -> float | None:
        """Seconds of sound left in the current track (its trailing silence not counted)."""
        played, length = self.player.position()
        if played is None or length is None:
            return None
        return length - self._tail - played

    def _may_wait(self, protocol: SessionProtocol) -> bool:
        """Wait for the track's end rather than fade it mid-piece?"""
        if self._waiting:
            return True
        if self.held or self.player.state != "playing":
            return False
        if self.session is not None and self.session.speed > 1:
            return False  # a fast rehearsal's clock would outrun a real-time track's end
        left = self._left()
        return left is not None and left <= protocol.music.boundary_window

    def _change_phase(
        self, first: bool, reason: str = PHASE_CHANGE, fade: float | None = None
    ) -> None:
        assert self.protocol is not None and self.state is not None
        self._waiting = False
        self.phase_index = self.state.phase_index
        self.track_index = self._resume_index() if first else -1
        self._failures = 0
        self.cued = None
        if first and self.session is not None:
            # hushed or paused when the app stopped (a crash, a restart): still so, not
            # faded back in over a conversation the guide had hushed the music for
            stopped = self.history.last_end_reason(self.session.id)
            if stopped in (HUSH, PAUSE):
                self.held = stopped
        if not self.held:
            phase = self.protocol.phases[self.state.phase_index or 0]
            if fade is None:
                fade = RESUME_FADE if first else phase.fade_seconds
            self._next(reason, fade)

    def track_started(self, path: str) -> None:
        """The player says a track really began to sound."""
        self._failures = 0

    def track_finished(self, path: str) -> None:
        """The current track ended on its own before the overlap began."""
        if self.playing is not None and str(self.playing.path) == path and not self.held:
            if self._waiting:
                self._change_phase(False, PHASE_AT_TRACK_END, SKIP_FADE)
            else:
                self._next(NATURAL_END, SKIP_FADE)

    def track_failed(self, path: str, message: str) -> None:
        self.report(f"Skipped {Path(path).name}: {message}.")
        if self.playing is not None and str(self.playing.path) == path:
            self._end_current(ERROR)
            self._failures += 1
            if not self.held:
                self._next(ERROR, SKIP_FADE)

    # -- the guide's controls

    def skip(self) -> None:
        if self.phase_index is None:
            return
        if self.held:
            self._cue_next()
            return
        if self._waiting:  # skipping the track the boundary waited for: go on to the phase
            self._change_phase(False, SKIP, SKIP_FADE)
        else:
            self._next(SKIP, SKIP_FADE)

    def toggle_pause(self) -> None:
        if self.held:
            self.resume()
        elif self.playing is not None:
            self._hold(PAUSE)

    def hush(self) -> None:
        if self.playing is not None and self.held != HUSH:
            self._hold(HUSH)

    def resume(self) -> None:
        if not self.held or self.phase_index is None:
            return
        self.held = ""
        if self._last_phase != self._phase_name():
            self.track_index, self.cued = -1, None
            self._next(PHASE_CHANGE, RESUME_FADE)
            return
        if self.cued is not None:
            self.cued = None
            self._play_current(RESUME_FADE)
            return
        self.player.resume()
        self._start_record(self._current_track())

    def now_playing(self) -> Play | None:
        return self.playing

    # -- inside

    def _hold(self, why: str) -> None:
        self._end_current(why)
        self.held = why
        if self._waiting and self.state is not None:  # no track to wait for any more
            self._waiting = False
            self.phase_index = self.state.phase_index
            self.track_index = -1
        if why == HUSH:
            self.player.hush()
        else:
            self.player.pause()

    def _tracks(self) -> tuple[Track, ...]:
        assert self.protocol is not None and self.phase_index is not None
        playlist = self.playlists(self.protocol, self.phase_index)
        return playlist.tracks

    def _phase_name(self) -> str:
        assert self.protocol is not None and self.phase_index is not None
        return self.protocol.phases[self.phase_index].name

    def _resume_index(self) -> int:
        """After a restart: the track after the last one this phase started."""
        if self.session is None:
            return -1
        tracks = [str(t.path) for t in self._tracks()]
        phase = self._phase_name()
        earlier = [p for p in self.history.plays(self.session.id) if p.phase == phase]
        if earlier and str(earlier[-1].path) in tracks:
            return tracks.index(str(earlier[-1].path))
        return -1

    def _current_track(self) -> Track | None:
        tracks = self._tracks()
        if not tracks or self.track_index < 0:
            return None
        return tracks[self.track_index % len(tracks)]

    def _cue_next(self) -> None:
        """Skip while the music is held: the next track waits, silent, for the guide.

        A skip pressed while hushed (by mistake, or to choose what comes back)
        must not bring music back over the conversation the guide hushed it for.
        """
        tracks = self._tracks()
        if not tracks:
            return
        self.track_index = (self.track_index + 1) % len(tracks)
        self.cued = tracks[self.track_index]
        self.player.stop(SKIP_FADE)  # the held track is silent already: let it go

    def _next(self, reason: str, fade: float) -> None:
        self._end_current(reason)
        tracks = self._tracks()
        if not tracks or self._failures >= max(1, len(tracks)):
            self.player.stop(fade)
            self.report(
                f"No playable track in the {self._phase_name()} playlist: "
                "the music is off until the playlist is fixed."
            )
            return
        self.track_index = (self.track_index + 1) % len(tracks)
        self._play_current(fade)

    def _play_current(self, fade: float) -> None:
        tracks = self._tracks()
        track = tracks[self.track_index % len(tracks)]
        assert self.protocol is not None and self.phase_index is not None
        level = track_level(self.levels(track.path), self.protocol.music.reference_lufs)
        self._tail = level.tail
        self._unmeasured = None if level.measured else track.path
        self.player.play(
            track.path,
            self.protocol.phases[self.phase_index].volume,
            fade,
            gain=linear(level.gain_db),
            start=level.start,
        )
        self._start_record(track)

    def _start_record(self, track: Track | None) -> None:
        if track is None or self.session is None or self.state is None:
            return
        self._last_phase = self._phase_name()
        play = Play(
            self.session.id,
            self.clock.now(),
            self.state.elapsed,
            self._phase_name(),
            track.path,
            track.title,
        )
        self.playing = self.history.track_started(play)

    def _end_current(self, reason: str) -> None:
        if self.playing is None:
            return
        elapsed = self.state.elapsed if self.state is not None else 0.0
        self.history.track_ended(self.playing, self.clock.now(), elapsed, reason)
        self.playing = None
