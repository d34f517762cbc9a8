"""Saving playlists measures their new tracks in the background, with a progress bar."""

from __future__ import annotations

from pap_guide.app.levels import LevelBook
from pap_guide.core.loudness import Measurement
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.store.database import open_records
from pap_guide.store.track_levels import TrackLevels
from pap_guide.ui.playlist_editor import PlaylistEditor
from tests.helpers.audio import tone

PROTOCOL = SessionProtocol("p", "P", 3600, (Phase("Calm", 0, "calm.m3u8", 0.6, 8),))


def test_saved_tracks_are_measured_in_the_background(qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    for name, level in (("loud.wav", 0.5), ("soft.wav", 0.05)):
        tone(music / name, 440, 2.0, level)
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "calm.m3u8").write_text("#EXTM3U\n../music/loud.wav\n../music/soft.wav\n")
    levels = TrackLevels(open_records(tmp_path / "records.db"))
    book = LevelBook(levels)
    editor = PlaylistEditor(
        PROTOCOL, PlaylistLibrary([clinic]), clinic, lambda p: 2.0, None, loudness=book
    )
    qtbot.addWidget(editor)
    editor.show()
    seen: list[tuple[int, int]] = []
    book.progress.connect(lambda done, asked: seen.append((done, asked)))
    editor.save()
    assert "Measuring the loudness of 2 new tracks" in editor.message.text()
    assert editor.progress.isVisible()
    qtbot.waitUntil(lambda: not book.busy(), timeout=20000)
    assert seen[-1] == (2, 2) and not editor.progress.isVisible()
    loud, soft = (levels.get(music / name) for name in ("loud.wav", "soft.wav"))
    assert isinstance(loud, Measurement) and isinstance(soft, Measurement)
    assert abs(loud.lufs - soft.lufs - 20.0) < 0.2  # 0.5 and 0.05: 20 dB apart
    editor.save()  # nothing new: nothing measured again
    assert "Measuring" not in editor.message.text()
    book.stop()
