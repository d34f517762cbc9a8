"""The Player drains libVLC's reports only while something plays or fades."""

from __future__ import annotations


def test_the_drain_sleeps_when_nothing_plays_and_wakes_with_the_music(rig):
    player = rig.player
    assert not player._drain_timer.isActive()
    with rig.qtbot.waitSignal(player.track_started, timeout=3000):
        player.play(rig.tracks["a"], 0.5, fade=0.05)
    assert player._drain_timer.isActive()
    player.stop(fade=0.05)
    assert player._drain_timer.isActive()  # the fade-out still runs
    rig.settle(0.3)
    assert not player._drain_timer.isActive()


def test_a_report_made_while_all_was_still_comes_once_music_plays(rig):
    player = rig.player
    failures: list[bool] = []
    player.output_failed.connect(lambda: failures.append(True))
    player._inbox.put((0, "output_failed"))  # as libVLC's log thread would
    rig.qtbot.wait(200)  # not settle: the null rig's settle drains by hand
    assert not failures and not player._drain_timer.isActive()
    player.play(rig.tracks["a"], 0.5, fade=0.05)
    rig.qtbot.waitUntil(lambda: bool(failures), timeout=3000)
