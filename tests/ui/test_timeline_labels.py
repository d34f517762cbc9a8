"""No phase name on the timeline is ever cut off, for every shipped protocol and width."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF

import pap_guide
from pap_guide.core.protocol import SessionProtocol, load_protocol
from pap_guide.core.session import SessionState, plan_spans
from pap_guide.ui.theme import THEMES
from pap_guide.ui.timeline import PhaseLabel, PhaseTimeline
from tests.helpers.pixels import contrast

SHIPPED = sorted((Path(pap_guide.__file__).parent / "protocols").glob("*.toml"))
WIDTHS = range(560, 701, 10)


def test_the_shipped_protocols_are_found():
    assert len(SHIPPED) >= 4


def _state(protocol: SessionProtocol, index: int) -> SessionState:
    """Mid-way through phase ``index``: that phase's name is drawn bold."""
    spans = plan_spans(protocol, None)
    span = spans[index]
    return SessionState(
        pre_dose=False,
        ended=False,
        elapsed=(span.start + span.end) / 2,
        phase_index=index,
        phase_name=span.name,
        phase_start=span.start,
        phase_end=span.end,
        planned_end=protocol.planned_length,
        phase_starts=tuple(s.start for s in spans),
    )


def _states(protocol: SessionProtocol) -> list[SessionState | None]:
    return [None, *(_state(protocol, i) for i in range(len(protocol.phases)))]


def _whole(timeline: PhaseTimeline, label: PhaseLabel) -> bool:
    """The full name, drawn where its whole width fits, inside the widget."""
    font = timeline.name_font(timeline.is_current(label.phase))
    needed = QFontMetricsF(font).horizontalAdvance(label.name)
    inside = QRectF(0, 0, timeline.width(), timeline.height()).contains(label.rect)
    return label.text == label.name and needed <= label.rect.width() and inside


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_phase_name_is_drawn_in_full_somewhere(qtbot, path: Path):
    protocol = load_protocol(path)
    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    for state in _states(protocol):
        timeline.show_state(protocol, state)
        for width in WIDTHS:
            timeline.resize(width, timeline.height_for(width))
            labels = timeline.label_rects()
            for i, phase in enumerate(protocol.phases):
                mine = [label for label in labels if label.phase == i]
                assert any(_whole(timeline, label) for label in mine), (
                    f"{path.stem} at {width} px: {phase.name!r} only as "
                    f"{[label.text for label in mine]}"
                )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_names_below_the_bar_never_overlap(qtbot, path: Path):
    protocol = load_protocol(path)
    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    timeline.show_state(protocol, None)
    for width in WIDTHS:
        timeline.resize(width, timeline.height_for(width))
        below = [label.rect for label in timeline.label_rects() if not label.in_band]
        for n, rect in enumerate(below):
            assert all(not rect.intersects(other) for other in below[n + 1 :]), width
            assert rect.bottom() <= timeline.height_for(width), width


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shortened_name_still_fits_its_band(qtbot, path: Path):
    protocol = load_protocol(path)
    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    timeline.show_state(protocol, None)
    for width in WIDTHS:
        timeline.resize(width, timeline.height_for(width))
        bands = timeline.band_rects()
        for label in timeline.label_rects():
            if label.in_band:
                metrics = QFontMetricsF(timeline.name_font(False))
                assert metrics.horizontalAdvance(label.text) <= label.rect.width() + 0.5
                assert bands[label.phase].contains(label.rect)


def test_return_to_calm_is_shown_whole_in_the_standard_protocol(qtbot):
    protocol = load_protocol(next(p for p in SHIPPED if p.stem == "standard-6h"))
    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    timeline.show_state(protocol, None)
    timeline.resize(600, timeline.height_for(600))
    texts = [label.text for label in timeline.label_rects()]
    assert "Return to calm" in texts


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=lambda t: t.name)
def test_phase_names_read_on_every_band(qtbot, theme):
    """On each band colour, and on its lighter (or darker) self while it is the current phase."""
    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    timeline.set_theme(theme)
    standard = load_protocol(next(p for p in SHIPPED if p.stem == "standard-6h"))
    for index in range(len(theme.phase_colours)):
        for state in (None, replace(_state(standard, 0), phase_index=index)):
            timeline.state = state
            band = timeline.band_colour(index)
            ratio = contrast(QColor(theme.text), band)
            assert ratio >= 4.5, f"{theme.name} band {band.name()}: {ratio:.2f}"


def test_phases_moved_past_at_once_leave_no_names_under_the_bar(make_window, fake_clock):
    """Next phase twice, seconds after the dose: Introspection and Peak, each a few
    seconds long, were stacked under the bar at 0:00, and the clock shrank for them."""
    from tests.helpers.ui import child, started

    window = started(make_window)
    window.resize(1366, 768)
    window.show()
    timeline = child(window, "phaseTimeline")
    height = timeline.height_for(timeline.width())
    for _ in range(2):
        fake_clock.advance(5)
        child(window, "nextPhaseButton").click()
        window.refresh()
    names = {label.name for label in timeline.label_rects()}
    assert names == {"Release", "Return to calm"}
    assert timeline.height_for(timeline.width()) <= height
    assert "Introspection from 0:00:00" in timeline.accessibleDescription()  # still said
