"""The theme's colour pairs meet WCAG: text 4.5:1, borders 3:1, disabled text 3:1."""

from __future__ import annotations

import pytest

from pap_guide.ui.theme import THEMES, Theme
from tests.helpers.pixels import contrast

ALL = list(THEMES.values())
TEXTS = ("text", "muted", "accent", "alert")
GROUNDS = ("background", "surface", "selection")


@pytest.mark.parametrize("theme", ALL, ids=lambda t: t.name)
@pytest.mark.parametrize("ink", TEXTS)
@pytest.mark.parametrize("ground", GROUNDS)
def test_every_text_colour_reads_on_every_ground(theme: Theme, ink: str, ground: str):
    ratio = contrast(getattr(theme, ink), getattr(theme, ground))
    assert ratio >= 4.5, f"{theme.name} {ink} on {ground}: {ratio:.2f}"


@pytest.mark.parametrize("theme", ALL, ids=lambda t: t.name)
def test_borders_and_disabled_text_stay_visible(theme: Theme):
    for ground in ("background", "surface"):
        assert contrast(theme.border, getattr(theme, ground)) >= 3.0, ground
        assert contrast(theme.disabled, getattr(theme, ground)) >= 3.0, ground
        assert contrast(theme.accent, getattr(theme, ground)) >= 3.0, ground


@pytest.mark.parametrize("theme", ALL, ids=lambda t: t.name)
def test_disabled_text_is_dimmer_than_enabled_text(theme: Theme):
    assert contrast(theme.disabled, theme.surface) < contrast(theme.text, theme.surface)


def test_the_night_selection_is_dark():
    night = THEMES["night"]
    # a dim band, far from the system's bright highlight: darker than the text by far
    assert contrast(night.selection, night.background) < 1.5
    assert contrast(night.text, night.selection) >= 4.5
    assert night.selection != night.surface
