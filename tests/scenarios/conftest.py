"""Helpers for whole-session scenarios: the real window, the clinic's file, the exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pap_guide.ui.entry_forms import VITAL_EDITS
from tests.helpers.r4 import assert_valid_r4_files
from tests.helpers.ui import child


def rows(data_dir: Path, table: str, session_id: int | None = None) -> list[dict[str, Any]]:
    """Every row of ``table`` in the clinic's file, read with plain sqlite3, in id order."""
    db = sqlite3.connect(data_dir / "pap-guide.db")
    db.row_factory = sqlite3.Row
    try:
        where = "" if session_id is None else " WHERE session_id = ?"
        args = () if session_id is None else (session_id,)
        found = [dict(r) for r in db.execute(f"SELECT * FROM {table}{where} ORDER BY id", args)]
    finally:
        db.close()
    for row in found:
        for key in ("data", "flags"):
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
    return found


def events_of(data_dir: Path, kind: str) -> list[dict[str, Any]]:
    return [e for e in rows(data_dir, "events") if e["kind"] == kind]


def open_window(make_window, *extra: str):  # type: ignore[no-untyped-def]
    """The real window as the clinic sees it: shown offscreen at 1366x768."""
    window = make_window(*extra)
    window.resize(1366, 768)
    window.show()
    return window


def go(window, clock, minutes: float, step: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Let ``minutes`` of session time pass, the runner ticking every ``step`` seconds."""
    left = minutes * 60
    while left > 0:
        moved = min(step, left)
        clock.advance(moved)
        left -= moved
        window.on_tick()


def type_vitals(qtbot, window, **values: str) -> None:  # type: ignore[no-untyped-def]
    """Type a vitals set field by field, as the monitor does, and press Enter."""
    last = None
    for key, text in values.items():
        last = child(window, VITAL_EDITS[key])
        last.setFocus()
        qtbot.keyClicks(last, text)
    assert last is not None
    qtbot.keyClick(last, Qt.Key.Key_Return)


def type_note(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = child(window, "noteEdit")
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def log_as(window, name: str) -> None:  # type: ignore[no-untyped-def]
    """Click the 'who is logging' button of ``name``."""
    for button in window.log_panel.author_group.buttons():
        if button.text() == name:
            button.click()
            assert window.log_panel.author() == name
            return
    raise AssertionError(f"no author button {name!r}")


@dataclass
class Exported:
    csv_rows: list[dict[str, str]]
    comments: list[str]
    fhir: dict[str, Any]
    files: list[Path]

    def resources(self, kind: str) -> list[dict[str, Any]]:
        return [
            e["resource"]
            for e in self.fhir.get("entry", [])
            if e.get("resource", {}).get("resourceType") == kind
        ]


def export(window, folder: Path) -> Exported:  # type: ignore[no-untyped-def]
    """Export… through the window; read back the CSV and the FHIR Bundle."""
    folder.mkdir(parents=True, exist_ok=True)
    window.asker.export_to = folder
    child(window, "exportButton").click()
    files = list(window.asker.exported)
    assert len(files) == 3, files
    csv_path = next(p for p in files if p.name.endswith(".csv"))
    fhir_path = next(p for p in files if p.name.endswith(".fhir.json"))
    text = csv_path.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines if not line.startswith("#"))
    table = list(csv.DictReader(io.StringIO(body)))
    fhir = json.loads(fhir_path.read_text(encoding="utf-8"))
    return Exported(table, comments, fhir, files)


@pytest.fixture
def out_dir(tmp_path: Path) -> Iterator[Path]:
    """The export folder; every FHIR Bundle exported into it is then validated as R4."""
    folder = tmp_path / "out"
    yield folder
    assert_valid_r4_files(sorted(folder.rglob("*.fhir.json")))
