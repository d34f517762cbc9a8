"""The chosen protocol, told at set-up: what its file holds, and nothing it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from pap_guide.config.locations import Locations
from pap_guide.core.dosing import DoseBand, DosePlan
from pap_guide.core.protocol import Phase, SessionProtocol, load_catalog
from pap_guide.core.protocol_text import protocol_summary
from pap_guide.core.setup_plan import SetupPlan
from pap_guide.ui.session_dialogs import SetupDialog

PHASES = (
    Phase("Introspection", 0, "a.m3u8", 0.6, 8),
    Phase("Peak", 135 * 60, "b.m3u8", 0.7, 8),
)
BANDS = (
    DoseBand(0, True, 2.5, False, 30, 60),
    DoseBand(35, False, 50, True, 360),
)
PLAN = DosePlan(
    substance="MDMA",
    route="oral",
    amounts=(80, 120),
    supplemental_amounts=(40, 60),
    ask_lot=True,
    supplemental_from_minutes=90,
    supplemental_to_minutes=150,
    minimum_minutes=360,
    minimum_by_total=BANDS,
    source="MAPS MAPP2 dosing",
)
FULL = SessionProtocol(
    "full",
    "Full",
    480 * 60,
    PHASES,
    description="Initial dose and an optional supplemental half dose.",
    sources=("Mitchell et al. 2023", "MAPS MP-12"),
    note="The minimum is a clinic default.",
    setup=SetupPlan(requires=frozenset({"monitor", "two_facilitators"}), doses=PLAN),
)
BARE = SessionProtocol("bare", "Bare", 60 * 60, PHASES[:1])


def test_the_summary_tells_everything_the_protocol_holds():
    text = protocol_summary(FULL)
    for part in (
        "Initial dose and an optional supplemental half dose.",
        "Planned length: 8 h 00 min after the dose.",
        "T+0:00  Introspection",
        "T+2:15  Peak",
        "T+8:00  planned end",
        "Dose: MDMA, oral.",
        "Usual amount: 80 or 120 mg.",
        "Supplemental amount: 40 or 60 mg.",
        "Supplemental dose window: T+1:30 to T+2:30.",
        "The lot number is recorded with each dose.",
        "Minimum session length: 6 h 00 min.",
        "0 to under 2.5 mg: 30 min (1 h 00 min at the client's first session)",
        "over 35 to 50 mg: 6 h 00 min",
        "Dose source: MAPS MAPP2 dosing",
        "Required in the room: a monitor, two facilitators (guide and co-guide).",
        "Note: The minimum is a clinic default.",
        "Sources:\n- Mitchell et al. 2023\n- MAPS MP-12",
    ):
        assert part in text, part
    assert text.index("Planned length") < text.index("Phases") < text.index("Dose:")
    assert text.index("Dose:") < text.index("Required") < text.index("Sources:")


def test_the_summary_leaves_out_what_the_protocol_does_not_say():
    text = protocol_summary(BARE)
    assert text.splitlines()[0] == "Planned length: 1 h 00 min after the dose."
    for absent in ("Dose", "Supplemental", "Minimum", "Required", "Note", "Sources", "lot"):
        assert absent not in text, absent


@pytest.fixture(scope="module")
def shipped() -> dict[str, SessionProtocol]:
    locations = Locations(Path("/nonexistent-user-folder"))
    return load_catalog(locations.protocol_folders, locations.playlist_folders).protocols


def test_the_setup_dialog_shows_each_shipped_protocol(qtbot, shipped):
    assert len(shipped) >= 4
    for protocol in shipped.values():
        assert protocol.description and protocol.sources, protocol.key
        dialog = SetupDialog(protocol, "", [])
        qtbot.addWidget(dialog)
        view = dialog.findChild(type(dialog.summary), "protocolSummary")
        assert view is dialog.summary and view.isReadOnly()
        shown = view.toPlainText()
        assert shown.startswith(protocol.name)
        assert protocol.description in shown
        for source in protocol.sources:
            assert source in shown
        assert protocol_summary(protocol) in shown
