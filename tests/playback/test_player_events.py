"""libVLC wakes the Player: no timer polls while music plays, and reports still come.

Against real libVLC (the dummy output): a track's start, its natural end and
an unplayable file all arrive as signals on the GUI thread while none of the
player's timers runs. Nothing here measures durations.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread, QTimer

from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.playback.conftest import vlc_backend_for


def running_timers(player: Player) -> list[QTimer]:
    return [timer for timer in player.findChildren(QTimer) if timer.isActive()]


def test_no_timer_runs_once_a_track_has_faded_in(rig):
    player = rig.player
    with rig.qtbot.waitSignal(player.track_started, timeout=3000):
        player.play(rig.tracks["a"], 0.5, fade=0.05)
    rig.settle(0.3)  # past the fade: nothing moves any more
    assert player.state == "playing"
    assert running_timers(player) == []
    assert not player.fading()


def test_libvlc_reports_the_end_and_the_error_with_no_timer_running(qtbot, tmp_path):
    player = Player(vlc_backend_for("dummy"))
    second = tone(tmp_path / "second.wav", 500, 1.0)  # far longer than the shortest fade
    seen: list[tuple[str, list[QTimer], bool]] = []

    def note(kind: str):  # type: ignore[no-untyped-def]
        def record(*_args: object) -> None:
            on_gui = QThread.currentThread() is qtbot_thread
            seen.append((kind, running_timers(player), on_gui))

        return record

    qtbot_thread = QThread.currentThread()
    player.track_started.connect(note("started"))
    player.track_finished.connect(note("finished"))
    player.error.connect(note("error"))
    with qtbot.waitSignal(player.track_finished, timeout=5000) as finished:
        player.play(second, 0.5, fade=0.0)  # the shortest fade there is
    assert finished.args == [str(second)]
    broken = tmp_path / "not-audio.ogg"
    broken.write_bytes(b"this is not an Ogg file" * 100)
    with qtbot.waitSignal(player.error, timeout=5000) as failed:
        player.play(broken, 0.5, fade=0.0)
    assert failed.args[0] == str(broken)
    player.shutdown()
    kinds = [kind for kind, _, _ in seen]
    # libVLC may say Playing before it finds the file broken
    assert kinds[:2] == ["started", "finished"] and kinds[-1] == "error"
    assert all(on_gui for _, _, on_gui in seen)
    # when the end came the fade was long over: only libVLC's event woke the player
    assert seen[1][1] == []


def test_a_report_from_another_thread_is_delivered_on_the_gui_thread_at_once(rig):
    """The output watcher reports even with nothing playing; nothing waits for music."""
    player = rig.player
    delivered: list[bool] = []
    gui = QThread.currentThread()
    player.output_failed.connect(lambda: delivered.append(QThread.currentThread() is gui))
    # as libVLC's log thread would, with the player stopped and no timer running
    assert running_timers(player) == []
    worker = threading.Thread(target=player._report, args=(0, "output_failed"))
    worker.start()
    worker.join()
    assert delivered == []  # posted, not run on the reporting thread
    rig.qtbot.waitUntil(lambda: bool(delivered), timeout=3000)
    assert delivered == [True]
    assert running_timers(player) == []


def test_deck_reports_reach_the_player_without_its_poll(qtbot, tone_files):
    """The libVLC deck's events alone bring the start: poll() is never called here."""
    player = Player(vlc_backend_for("dummy"))
    player.poll = lambda: (_ for _ in ()).throw(AssertionError("polled"))  # type: ignore[method-assign]
    with qtbot.waitSignal(player.track_started, timeout=3000):
        player.play(tone_files["a"], 0.5, fade=0.0)
    player.shutdown()


def short_track_played(qtbot, tmp_path, fade: float, stall: float = 0.0):  # type: ignore[no-untyped-def]
    """A half-second track played to its end, and the fade timers running then
    (``stall``: seconds the GUI thread is kept busy right after it starts)."""
    player = Player(vlc_backend_for("dummy"))
    short = tone(tmp_path / "short.wav", 500, 0.5)
    timers_at_end: list[list[QTimer]] = []
    player.track_finished.connect(lambda *_: timers_at_end.append(running_timers(player)))
    with qtbot.waitSignal(player.track_finished, timeout=5000):
        player.play(short, 0.5, fade=fade)
        time.sleep(stall)
    player.shutdown()
    return player, timers_at_end


def test_a_stalled_event_loop_leaves_no_fade_timer_running_at_the_end(qtbot, tmp_path):
    """The GUI thread is busy through a whole short track: the end still finds no timer."""
    # no tick of the fade's timer can run: the track ends meanwhile
    _, timers_at_end = short_track_played(qtbot, tmp_path, fade=0.0, stall=1.5)
    assert timers_at_end == [[]]


def test_a_track_that_ends_during_its_fade_in_leaves_no_timer_running(qtbot, tmp_path):
    """A half-second track under a five-second fade-in: at its end nothing is left to fade."""
    player, timers_at_end = short_track_played(qtbot, tmp_path, fade=5.0)
    assert timers_at_end == [[]]
    assert not player.fading()
