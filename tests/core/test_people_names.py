"""Names in the People… list as they are kept: tidied, visible, each person once."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.facts import QUOTES, person_key, tidy_names


def test_what_the_monitor_typed_in_the_room():
    typed = 'ana  smith, BEN JONES, Ana Smith, "Lee, Cy",   , \u200b, Zo\u00eb, \U0001f33f Mía, -'
    assert tidy_names(typed.split(",")) == [
        "ana smith", "BEN JONES", "Lee", "Cy", "Zoë", "\U0001f33f Mía"
    ]  # fmt: skip
    assert person_key(" Ana\u00a0 SMITH\u200b ") == person_key("ana smith")
    assert tidy_names(['" "Lee" "']) == ["Lee"]  # quotes and spaces in turn


@given(st.lists(st.text(max_size=30), max_size=12))
def test_every_kept_name_is_visible_tidy_and_one_person(names):
    kept = tidy_names(names)
    for name in kept:
        assert any(ch.isalnum() for ch in name)
        assert name == " ".join(name.split())  # no runs of spaces, none at either end
        assert not any(unicodedata.category(ch)[0] == "C" for ch in name)
        assert name[0] not in QUOTES and name[-1] not in QUOTES
    assert len({person_key(name) for name in kept}) == len(kept)
    assert tidy_names(kept) == kept  # kept once, kept as it is
