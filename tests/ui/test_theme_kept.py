"""The theme the guide chose is the one the next start opens with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pap_guide.ui.theme import THEMES, stylesheet
from tests.helpers.ui import child


def test_the_theme_chosen_is_kept_for_the_next_start(make_window, qtbot, data_dir):
    first = make_window()
    assert first.theme_name == "night"  # a dim room: night unless asked
    qtbot.mouseClick(child(first, "themeButton"), Qt.MouseButton.LeftButton)
    assert first.theme_name == "day"
    first.close()
    again = make_window()  # a restart (a crash, the laptop rebooted)
    assert again.theme_name == "day"
    assert QApplication.instance().styleSheet() == stylesheet(THEMES["day"])
    assert (data_dir / "pap-guide.theme").stat().st_mode & 0o077 == 0
    told = make_window("--theme", "night")  # the command line says otherwise
    assert told.theme_name == "night"


def test_an_unreadable_choice_opens_at_night(make_window, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "pap-guide.theme").write_bytes(b"\xff\xfe bright!")
    assert make_window().theme_name == "night"
