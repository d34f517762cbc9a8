"""The playlist editor builds, reorders and saves each phase's playlist."""

from __future__ import annotations

from pathlib import Path

import pytest

from pap_guide.core.playlist import PlaylistLibrary, load_playlist
from pap_guide.core.protocol import Phase, SessionProtocol
from pap_guide.ui.playlist_editor import PlaylistEditor

PROTOCOL = SessionProtocol(
    "p", "P", 3600, (Phase("Calm", 0, "calm.m3u8", 0.6, 8), Phase("Peak", 1800, "peak.pls", 0.8, 8))
)


def audio(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"OggS" + b"\0" * 32)
    return folder / name


def make(qtbot, tmp_path, preview=None):
    music = tmp_path / "music"
    audio(music, "one.ogg")
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "calm.m3u8").write_text("#EXTM3U\n#EXTINF:100,One\n../music/one.ogg\n")
    (shipped / "peak.pls").write_text("[playlist]\nFile1=../music/one.ogg\n")
    clinic = tmp_path / "clinic"
    library = PlaylistLibrary([clinic, shipped])
    editor = PlaylistEditor(PROTOCOL, library, clinic, lambda path: 50.0, preview)
    qtbot.addWidget(editor)
    return editor, music, clinic, library


def test_shows_tracks_and_total_against_the_phase(qtbot, tmp_path):
    editor, *_ = make(qtbot, tmp_path)
    assert editor.track_list.count() == 1
    assert "One" in editor.track_list.item(0).text()
    assert editor.total.text() == "Total 0:01:40 for a 0:30:00 phase: repeats about 18 times"


def test_add_reorder_remove_and_save_standard_m3u8(qtbot, tmp_path):
    editor, music, clinic, library = make(qtbot, tmp_path)
    audio(music, "two.ogg")
    (music / "cover.jpg").write_bytes(b"jpg")
    editor.add_paths([music])
    assert "Added 2 track(s)" in editor.message.text()
    assert "cover.jpg" in editor.message.text()
    assert editor.track_list.count() == 3
    editor.track_list.setCurrentRow(2)
    editor.move_track(-1)
    editor.track_list.setCurrentRow(0)
    editor.remove()
    editor.save()
    saved = load_playlist(clinic / "calm.m3u8")
    assert [t.path.name for t in saved.tracks] == ["two.ogg", "one.ogg"]
    assert (clinic / "calm.m3u8").read_text().startswith("#EXTM3U\n#EXTINF:50,two\n../music/")
    assert library.for_phase(PROTOCOL, 0).source == clinic / "calm.m3u8"
    assert (clinic / "peak.pls.m3u8").exists()
    assert "point it at peak.pls.m3u8" in editor.message.text()


def test_save_failure_keeps_the_edit(qtbot, tmp_path):
    editor, music, clinic, _ = make(qtbot, tmp_path)
    clinic.write_text("a file where the folder should be")
    editor.add_paths([audio(music, "two.ogg")])
    editor.save()
    assert editor.message.text().startswith("Not saved:")
    assert editor.track_list.count() == 2


def test_preview_is_quiet_and_off_during_a_session(qtbot, tmp_path):
    heard = []
    editor, *_ = make(qtbot, tmp_path, preview=heard.append)
    editor.track_list.setCurrentRow(0)
    editor.toggle_preview()
    editor.reject()
    assert [p.name if p else None for p in heard] == ["one.ogg", None]
    locked, *_ = make(qtbot, tmp_path / "x")
    assert not locked.buttons["previewButton"].isEnabled()


def test_closing_with_changes_not_saved_asks_first(qtbot, tmp_path):
    """Escape closed the editor at once, and the track just added was gone, unsaid."""
    from PySide6.QtCore import Qt

    editor, music, clinic, _library = make(qtbot, tmp_path)
    editor.show()
    qtbot.waitExposed(editor)
    asked: list[str] = []
    answers = iter(["stay", "save"])
    editor.ask_unsaved = lambda: asked.append("asked") or next(answers)
    editor.add_paths([audio(music, "two.ogg")])
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == ["asked"] and editor.isVisible()  # stayed, the track still there
    assert editor.track_list.count() == 2
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # asked again: saved, then closed
    assert asked == ["asked", "asked"] and not editor.isVisible()
    saved = load_playlist(clinic / "calm.m3u8")
    assert [t.path.name for t in saved.tracks] == ["one.ogg", "two.ogg"]


def test_closing_with_nothing_changed_or_changes_discarded_asks_no_more(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    editor, music, clinic, _library = make(qtbot, tmp_path)
    editor.show()
    qtbot.waitExposed(editor)
    editor.ask_unsaved = lambda: "discard"
    editor.add_paths([audio(music, "two.ogg")])
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and not (clinic / "calm.m3u8").exists()
    again, *_ = make(qtbot, tmp_path / "again")
    again.show()
    qtbot.waitExposed(again)
    again.ask_unsaved = lambda: pytest.fail("nothing changed: nothing to ask")
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible()


def test_the_idle_lock_and_a_quit_close_the_editor_without_asking(qtbot, tmp_path):
    """The lock rejects every dialog over the record; a question there would hold
    the lock until someone answered it."""
    editor, music, clinic, _library = make(qtbot, tmp_path)
    editor.show()
    qtbot.waitExposed(editor)
    editor.ask_unsaved = lambda: pytest.fail("the lock asks nothing")
    editor.add_paths([audio(music, "two.ogg")])
    editor.reject()  # as IdleLock.set_locked does
    assert not editor.isVisible() and not (clinic / "calm.m3u8").exists()
    again, music, clinic, _library = make(qtbot, tmp_path / "quit")
    again.show()
    again.ask_unsaved = lambda: pytest.fail("a quit asks nothing")
    again.add_paths([audio(music, "two.ogg")])
    again.close()  # as the app's quit closes every window: not from the window system
    assert not again.isVisible()
