"""The conductor follows the session clock and the guide's controls."""

from __future__ import annotations

from pathlib import Path

import pytest

from pap_guide.core.conductor import (
    ERROR,
    HUSH,
    NATURAL_END,
    PAUSE,
    PHASE_AT_TRACK_END,
    PHASE_CHANGE,
    RESUME_FADE,
    SESSION_END,
    SKIP,
    Conductor,
)
from pap_guide.core.playlist import Playlist, Track
from pap_guide.core.protocol import Phase, SessionProtocol
from tests.helpers.fake_player import FakePlayer, MemoryHistory
from tests.helpers.memory_store import memory_controller

PLAN = SessionProtocol(
    key="plan",
    name="Plan",
    planned_length=3600,
    phases=(
        Phase("Calm", 0, "calm.m3u8", 0.6, 8),
        Phase("Peak", 1200, "peak.m3u8", 0.8, 12),
        Phase("Return", 2400, "return.m3u8", 0.5, 10),
    ),
)
TRACKS = {
    0: ("c1.ogg", "c2.ogg"),
    1: ("p1.ogg", "p2.ogg", "p3.ogg"),
    2: ("r1.ogg",),
}


def playlists(protocol, index):
    return Playlist(
        str(index), Path(f"{index}.m3u8"), tuple(Track(Path(name), name) for name in TRACKS[index])
    )


@pytest.fixture
def rig(fake_clock):
    controller = memory_controller(fake_clock, {"plan": PLAN})
    player, history, reports = FakePlayer(), MemoryHistory(), []
    conductor = Conductor(fake_clock, player, history, playlists, reports.append)

    def tick(seconds=0.0):
        fake_clock.advance(seconds)
        conductor.update(controller.session, controller.protocol, controller.state())

    return controller, conductor, player, history, reports, tick


def test_silent_before_the_dose(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan", dose_now=False)
    tick()
    assert player.calls == []


def test_starts_the_first_phase_at_the_dose(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    assert player.calls == [("play", "c1.ogg", 0.6, RESUME_FADE)]
    assert history.rows == [("start", "Calm", "c1.ogg")]


def test_plays_in_order_and_repeats_within_a_phase(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    for _ in range(3):
        player.played = 38.0  # 2 s left: inside the overlap
        tick()
    assert player.plays() == ["c1.ogg", "c2.ogg", "c1.ogg", "c2.ogg"]
    assert ("end", "Calm", "c1.ogg", NATURAL_END) in history.rows


def test_phase_boundary_crossfades_with_the_phase_fade(rig):
    controller, conductor, player, history, _, tick = rig
    player.length = 900.0  # the track has far more than the boundary window left
    controller.start("plan")
    tick()
    tick(1200)
    assert player.calls[-1] == ("play", "p1.ogg", 0.8, 12)
    assert history.rows[-2:] == [
        ("end", "Calm", "c1.ogg", PHASE_CHANGE),
        ("start", "Peak", "p1.ogg"),
    ]


def test_guide_phase_move_takes_effect_at_once(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick(60)
    controller.advance_phase()
    tick()
    assert player.plays()[-1] == "p1.ogg"


def test_skip_pause_hush_and_resume_are_recorded(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    conductor.skip()
    assert player.plays()[-1] == "c2.ogg"
    conductor.toggle_pause()
    assert player.state == "paused" and conductor.held == PAUSE
    conductor.toggle_pause()
    assert player.state == "playing" and not conductor.held
    conductor.hush()
    assert player.state == "hushed"
    reasons = [row[3] for row in history.rows if row[0] == "end"]
    assert reasons == [SKIP, PAUSE, HUSH]


def test_hushed_music_stays_quiet_across_a_phase_change_then_resumes_in_the_new_phase(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    conductor.hush()
    tick(1300)
    assert player.state == "hushed"
    conductor.resume()
    assert player.plays()[-1] == "p1.ogg"
    assert history.rows[-1] == ("start", "Peak", "p1.ogg")


def test_skip_while_hushed_cues_the_next_track_and_stays_silent(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    conductor.hush()
    conductor.skip()
    tick(5)
    assert conductor.held == HUSH and player.state == "stopped"
    assert player.plays() == ["c1.ogg"] and conductor.now_playing() is None
    assert conductor.cued is not None and conductor.cued.title == "c2.ogg"
    conductor.skip()  # again: the one after (the playlist comes round)
    assert conductor.cued.title == "c1.ogg" and player.plays() == ["c1.ogg"]
    conductor.toggle_pause()  # Play: the cued track, faded in
    assert player.calls[-1] == ("play", "c1.ogg", 0.6, RESUME_FADE)
    assert not conductor.held and conductor.cued is None
    assert history.rows == [
        ("start", "Calm", "c1.ogg"),
        ("end", "Calm", "c1.ogg", HUSH),
        ("start", "Calm", "c1.ogg"),
    ]


def test_skip_while_paused_waits_for_play(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    conductor.toggle_pause()
    conductor.skip()
    tick()
    assert conductor.held == PAUSE and player.plays() == ["c1.ogg"]
    conductor.resume()
    assert player.plays() == ["c1.ogg", "c2.ogg"]


def test_a_cue_made_while_hushed_gives_way_to_a_phase_change(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    conductor.hush()
    conductor.skip()
    tick(1300)  # into Peak while hushed
    assert conductor.cued is None and player.plays() == ["c1.ogg"]
    conductor.resume()
    assert player.plays()[-1] == "p1.ogg"


def test_a_failing_track_is_skipped(rig):
    controller, conductor, player, history, reports, tick = rig
    controller.start("plan")
    tick()
    conductor.track_failed(str(Path("c1.ogg")), "cannot decode")
    assert player.plays()[-1] == "c2.ogg"
    assert ("end", "Calm", "c1.ogg", ERROR) in history.rows
    assert "c1.ogg" in reports[0]


def test_a_phase_with_no_playable_track_stops_with_a_message(rig):
    controller, conductor, player, history, reports, tick = rig
    controller.start("plan")
    tick()
    conductor.track_failed("c1.ogg", "bad")
    conductor.track_failed("c2.ogg", "bad")
    assert player.state == "stopped"
    assert "No playable track in the Calm playlist" in reports[-1]


def test_session_end_fades_out_and_records(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick(100)
    controller.end()
    tick()
    assert player.calls[-1][0] == "stop"
    assert history.rows[-1] == ("end", "Calm", "c1.ogg", SESSION_END)


def test_restart_resumes_in_the_current_phase_after_the_last_track(rig, fake_clock):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick(1250)  # in Peak: p1 plays
    conductor.skip()  # p2 plays
    fresh_player = FakePlayer()
    again = Conductor(fake_clock, fresh_player, history, playlists, lambda m: None)
    again.update(controller.session, controller.protocol, controller.state())
    assert fresh_player.calls == [("play", "p3.ogg", 0.8, RESUME_FADE)]


def test_a_boundary_near_the_end_of_a_track_waits_for_its_end(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    player.length, player.played = 1290.0, 1200.0  # at the boundary 90 s are left: < 120 s
    tick(1200)
    assert player.plays() == ["c1.ogg"]  # no fade mid-piece
    player.played = 1200 + 88.0  # 2 s left: the track is ending
    tick(88)
    assert player.plays() == ["c1.ogg", "p1.ogg"]
    assert ("end", "Calm", "c1.ogg", PHASE_AT_TRACK_END) in history.rows
    assert history.rows[-1] == ("start", "Peak", "p1.ogg")


def test_a_guide_phase_move_never_waits(rig):
    controller, conductor, player, history, _, tick = rig
    controller.start("plan")
    tick()
    player.length = 100.0
    player.played = 50.0  # 50 s left, inside the window
    tick(60)
    controller.advance_phase()
    tick()
    assert player.plays()[-1] == "p1.ogg"
    assert ("end", "Calm", "c1.ogg", PHASE_CHANGE) in history.rows


def test_each_track_plays_at_its_loudness_gain(fake_clock):
    from pap_guide.core.loudness import Measurement

    controller = memory_controller(fake_clock, {"plan": PLAN})
    player, history = FakePlayer(), MemoryHistory()
    levels = {
        "c1.ogg": Measurement(-30.0, -20.0, 40.0, lead_silence=1.5, tail_silence=4.0),
        "c2.ogg": Measurement(-9.0, -0.5, 40.0),
    }
    conductor = Conductor(
        fake_clock, player, history, playlists, lambda m: None, levels=lambda p: levels.get(p.name)
    )
    controller.start("plan")
    conductor.update(controller.session, controller.protocol, controller.state())
    name, gain, start = player.gains[-1]
    assert (name, start) == ("c1.ogg", 1.5)  # leading silence skipped
    assert gain == pytest.approx(10 ** (6 / 20))  # 12 dB too quiet: boosted by 6 dB only
    player.played = 40.0 - 4.0 - 2.0  # 2 s of sound left before the 4 s silent tail
    conductor.update(controller.session, controller.protocol, controller.state())
    name, gain, _ = player.gains[-1]
    assert name == "c2.ogg" and gain == pytest.approx(10 ** (-9 / 20))  # cut to -18 LUFS


def test_a_track_measured_while_it_plays_glides_to_its_gain(fake_clock):
    from pap_guide.core.conductor import GAIN_GLIDE
    from pap_guide.core.loudness import LOUDEST_LUFS, REFERENCE_LUFS, Measurement

    controller = memory_controller(fake_clock, {"plan": PLAN})
    player, history = FakePlayer(), MemoryHistory()
    levels: dict[str, Measurement] = {}
    conductor = Conductor(
        fake_clock, player, history, playlists, lambda m: None, levels=lambda p: levels.get(p.name)
    )
    controller.start("plan")
    conductor.update(controller.session, controller.protocol, controller.state())
    name, gain, _ = player.gains[-1]
    # not measured: as quiet as the loudest possible track brought to the reference
    assert name == "c1.ogg"
    assert gain == pytest.approx(10 ** ((REFERENCE_LUFS - LOUDEST_LUFS) / 20))
    fake_clock.advance(1)
    conductor.update(controller.session, controller.protocol, controller.state())
    assert not [c for c in player.calls if c[0] == "set_gain"]  # nothing known yet
    levels["c1.ogg"] = Measurement(-24.0, -12.0, 40.0, tail_silence=4.0)
    fake_clock.advance(1)
    conductor.update(controller.session, controller.protocol, controller.state())
    assert player.calls[-1] == ("set_gain", pytest.approx(10 ** (6 / 20)), GAIN_GLIDE)
    conductor.update(controller.session, controller.protocol, controller.state())
    assert len([c for c in player.calls if c[0] == "set_gain"]) == 1  # once
    player.played = 40.0 - 4.0 - 2.0  # its measured 4 s silent tail now counts
    conductor.update(controller.session, controller.protocol, controller.state())
    assert player.plays()[-1] == "c2.ogg"
