"""Tracks after the first play on the same two libVLC media players.

Against real libVLC (the dummy output): a crossfade from one track to the
next hands the next one a spare deck, so three tracks in a row use two media
players, each track's reports still reach its own slot (a spare reports to
nobody), and shutting down releases the spares too.
"""

from __future__ import annotations

from pap_guide.playback import decks
from pap_guide.playback.player import Player
from tests.helpers.audio import tone
from tests.playback.conftest import vlc_backend_for


def test_three_tracks_play_on_two_media_players(qtbot, tmp_path, monkeypatch):
    made: list[decks.VlcDeck] = []
    original = decks.VlcDeck.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(decks.VlcDeck, "__init__", counted)
    backend = vlc_backend_for("dummy")
    player = Player(backend)
    tracks = [tone(tmp_path / f"{name}.wav", hz, 4.0) for name, hz in (("a", 440), ("b", 550))]
    tracks.append(tone(tmp_path / "c.wav", 660, 0.6))
    started: list[str] = []
    finished: list[str] = []
    player.track_started.connect(started.append)
    player.track_finished.connect(finished.append)
    for track in tracks:
        with qtbot.waitSignal(player.track_started, timeout=5000):
            player.play(track, 0.5, fade=0.1)  # a crossfade from the one before
        qtbot.waitUntil(lambda: not player.fading(), timeout=3000)
    assert started == [str(t) for t in tracks]
    assert len(made) == 2, "a new libVLC media player for a track after the second"
    # the last track's natural end reaches its own slot, not a spare's old one
    qtbot.waitUntil(lambda: finished == [str(tracks[2])], timeout=5000)
    assert sorted(map(id, backend._spares)) == sorted(map(id, made))  # both spare now
    player.shutdown()
    assert backend._spares == []


def test_a_spare_reports_to_nobody(qtbot, tmp_path):
    backend = vlc_backend_for("dummy")
    heard: list[str] = []
    deck = backend.make_deck(heard.append)
    deck.load(tone(tmp_path / "a.wav", 440, 0.3))
    deck.play()
    qtbot.waitUntil(lambda: "playing" in heard, timeout=5000)
    deck.release()  # kept as a spare
    assert backend._spares == [deck]
    heard.clear()
    qtbot.wait(600)  # past where the track would have ended
    assert heard == []
    again: list[str] = []
    assert backend.make_deck(again.append) is deck
    deck.load(tone(tmp_path / "b.wav", 550, 0.3))
    deck.play()
    qtbot.waitUntil(lambda: again[-1:] == ["ended"], timeout=5000)
    assert heard == []
    backend.close_spares()
    deck.release()
    backend.close_spares()
