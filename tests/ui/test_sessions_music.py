"""Sessions → Export music…: the selected session's music as a playlist, in a chosen folder."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QPushButton

from pap_guide.core.session import SessionRecord
from pap_guide.ui.sessions_dialog import SessionsDialog
from tests.helpers.ui import begin, child


def ended_session(make_window, clock):  # type: ignore[no-untyped-def]
    """A short real session: two tracks in Introspection, one in Peak, then the end."""
    window = begin(make_window())
    for _ in range(4):
        clock.advance(5)
        window.refresh()
    child(window, "skipTrackButton").click()
    clock.advance(5)
    child(window, "nextPhaseButton").click()
    clock.advance(5)
    window.refresh()
    window.asker.reason_text = "a short test session"
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    return window


def opened_from(window) -> SessionsDialog:  # type: ignore[no-untyped-def]
    """The dialog as the window's Asker opens it (the window as its parent)."""
    return SessionsDialog(window.sessions(), window.record_text, window)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_the_button_writes_the_selected_sessions_music(make_window, fake_clock, tmp_path, qtbot):
    window = ended_session(make_window, fake_clock)
    session_id = window.desk.session.id
    folder = tmp_path / "for integration"
    folder.mkdir()
    window.asker.export_to = folder  # the folder the guide picks
    dialog = opened_from(window)
    qtbot.addWidget(dialog)
    button = dialog.findChild(QPushButton, "exportMusicButton")
    assert button.isEnabled() and button.accessibleName() and button.toolTip()
    assert dialog.selected() == session_id
    button.click()
    (written,) = folder.iterdir()
    assert written.suffix == ".m3u8" and f"-{session_id}-" in written.name
    assert window.asker.exported == [written]  # offered as the window's Export… does
    assert window.asker.export_titles == ["Export the session's music to"]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    lines = lines_of(written)
    assert lines[0] == "#EXTM3U"
    assert [x for x in lines if x.startswith("#EXTGRP:")] == [
        "#EXTGRP:Introspection",
        "#EXTGRP:Peak",
    ]
    titles = [x.split(",", 1)[1] for x in lines if x.startswith("#EXTINF:")]
    assert [t.rsplit(" (", 1)[0] for t in titles] == [
        "pap-guide demo - Inward Tide",
        "pap-guide demo - Low Lantern",
        "pap-guide demo - Open Sky",
    ]
    assert titles[0].endswith("(T+0:00:00)") and titles[1].endswith("(T+0:00:20)")
    comments = [x for x in lines if x.startswith("# T+")]
    assert [c.rsplit("ended: ", 1)[1] for c in comments] == [
        "skipped",
        "faded at phase change",
        "faded at session end",
    ]
    for location in (x for x in lines if not x.startswith("#")):
        assert Path(location).is_file()
    result = dialog.findChild(QLabel, "exportMusicResult").text()
    assert str(written) in result


def test_a_cancelled_folder_writes_nothing(make_window, fake_clock, tmp_path, qtbot):
    window = ended_session(make_window, fake_clock)
    window.asker.export_to = None  # the guide cancels the folder dialog
    dialog = opened_from(window)
    qtbot.addWidget(dialog)
    assert dialog.export_music() is None
    assert window.asker.exported == []
    assert dialog.findChild(QLabel, "exportMusicResult").text() == ""


def test_the_folder_and_the_writer_can_be_given(make_window, fake_clock, tmp_path, qtbot):
    """Injected: a folder chooser, and a writer that fails as a full disk would."""
    window = ended_session(make_window, fake_clock)
    asked: list[Path] = []

    def choose(suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path

    def full(session_id: int, folder: Path) -> Path:
        raise OSError(28, "No space left on device")

    dialog = SessionsDialog(window.sessions(), window.record_text, choose_folder=choose)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QPushButton, "exportMusicButton").isEnabled()  # no writer
    failing = SessionsDialog(
        window.sessions(), window.record_text, write_music=full, choose_folder=choose
    )
    qtbot.addWidget(failing)
    failing.findChild(QPushButton, "exportMusicButton").click()
    assert asked == [Path.home()]
    text = failing.findChild(QLabel, "exportMusicResult").text()
    assert text == "Music export failed: No space left on device"
    assert list(tmp_path.glob("*.m3u8")) == []


def test_with_the_button_the_dialog_fits_the_smaller_laptop(qtbot):
    created = datetime(2025, 3, 1, 9, tzinfo=UTC)
    records = [(SessionRecord(i, "mdma", created, patient="P-0142"), "ended") for i in range(9)]
    dialog = SessionsDialog(records, lambda _id: ["line"] * 80)
    qtbot.addWidget(dialog)
    area = QSize(1280, 720)
    dialog.fit(area)
    dialog.show()
    assert dialog.width() <= area.width() * 0.9 and dialog.height() <= area.height() * 0.9
    button = dialog.findChild(QPushButton, "exportMusicButton")
    inside = dialog.rect().contains(button.geometry())
    assert inside and button.width() >= button.sizeHint().width()
    dialog.close()


def test_sessions_pushes_an_ended_session_when_a_server_is_set_up(make_window, data_dir, qtbot):
    """No server answers on this port: the push is kept pending, and the list says so."""
    from pap_guide.ui.sessions_dialog import SessionsDialog
    from tests.helpers.ui import begin, child

    (data_dir / "fhir.toml").write_text(
        'base_url = "http://127.0.0.1:9/fhir"\ntimeout_seconds = 2\n'
    )
    (data_dir / "fhir.toml").chmod(0o600)
    window = make_window()
    begin(window)
    child(window, "endSessionButton").click()
    assert window.push_session is not None
    dialog = SessionsDialog(window.sessions(), window.record_text, window)
    qtbot.addWidget(dialog)
    push = child(dialog, "pushSessionButton")
    assert push.isEnabled()
    said = dialog.push()
    assert "pending" in said and "cannot be reached" in said
    again = SessionsDialog(window.sessions(), window.record_text, window)
    qtbot.addWidget(again)
    assert "FHIR pending" in again.list.item(0).text()
