"""An export that cannot be written (a read-only disk, a full one) is said in a
message over the window, which offers another folder: it was said only in the
status line, which a guide in a dim room does not read."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.faults import remount_read_only, remount_read_write, small_disk
from tests.helpers.ui import child, started


def test_an_export_to_a_read_only_disk_says_so_and_offers_another_folder(
    make_window, tmp_path, monkeypatch
):
    window = started(make_window)
    with small_disk(1024) as disk:
        (disk / "usb").mkdir()
        remount_read_only(disk)
        monkeypatch.setattr(Path, "home", lambda: disk / "usb")  # a home on a full disk
        try:
            window.asker.export_to = disk / "usb"
            window.asker.export_retry_to = tmp_path / "elsewhere"
            (tmp_path / "elsewhere").mkdir()
            asked = len(window.asker.questions)
            child(window, "exportButton").click()
        finally:
            remount_read_write(disk)
        assert list((disk / "usb").iterdir()) == []
    (problem,) = window.asker.questions[asked:]
    assert problem.startswith("Export failed: Read-only file system, in ")
    assert problem.endswith("The record itself is unchanged.")
    assert sorted(p.suffix for p in window.asker.exported) == [".csv", ".json", ".pdf"]
    assert all(p.parent == tmp_path / "elsewhere" and p.exists() for p in window.asker.exported)
    assert window.statusBar().currentMessage() == ""  # not the failure before it
    assert window.asker.export_suggested == [disk / "usb", disk]  # not the failed home again


def test_the_folder_chooser_does_not_reopen_in_the_folder_that_failed(qapp, tmp_path, monkeypatch):
    from pap_guide.ui import asker as asker_module
    from pap_guide.ui.asker import Asker

    asker = Asker(None)  # type: ignore[arg-type]
    asker.export_to = tmp_path
    monkeypatch.setattr(asker_module, "_ask_yes", lambda parent, title, question: True)
    assert asker.export_failed(tmp_path, "Export failed: Read-only file system")
    assert asker.export_to is None
