"""A low SpO2 is flagged under every shipped protocol: under the MDMA and the
Oregon psilocybin presets an 85 % reading was saved as a plain row, with no
flag and no repeat reminder (they set no SpO2 limit)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTreeWidget

from pap_guide.config.locations import Locations
from pap_guide.core.protocol import load_catalog
from tests.helpers.ui import child, started


def shipped() -> list[str]:
    locations = Locations(Locations.default().data_dir / "none")
    return sorted(load_catalog(locations.protocol_folders, locations.playlist_folders).protocols)


@pytest.mark.parametrize("protocol", shipped())
def test_spo2_85_is_flagged_at_once(make_window, protocol):
    window = started(make_window, "--protocol", protocol)
    child(window, "spo2Edit").setText("85")
    child(window, "saveVitalsButton").click()
    window.refresh()
    row = window.findChild(QTreeWidget, "logView").topLevelItem(0)
    assert row.text(3).startswith("⚠ ") and "SpO2" in row.text(3), row.text(3)
    (line,) = [line for line in window.log_panel.book.lines() if line.original.kind == "vitals"]
    assert line.flagged
