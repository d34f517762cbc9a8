"""Typed direction controls end where the typed text ends (UAX #9 pairing)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.bidi import closed

EMBEDS, POP, ISOLATES, PDI = "\u202a\u202b\u202d\u202e", "\u202c", "\u2066\u2067\u2068", "\u2069"


def still_open(text: str) -> list[str]:
    """What a line that goes on after ``text`` would still be inside (UAX #9 X1-X7)."""
    stack: list[str] = []
    for char in text:
        if char in EMBEDS:
            stack.append("embed")
        elif char in ISOLATES:
            stack.append("isolate")
        elif char == POP and stack and stack[-1] == "embed":
            stack.pop()
        elif char == PDI and "isolate" in stack:
            while stack.pop() != "isolate":
                pass
    return stack


def test_plain_text_is_returned_as_it_is():
    assert closed("calm, eyes closed") == "calm, eyes closed"
    assert closed("שלום, Dana") == "שלום, Dana"  # right-to-left letters need no closing


def test_an_override_is_popped_after_the_text():
    assert closed("\u202erecounted") == "\u202erecounted\u202c"


def test_an_isolate_ends_the_embeddings_inside_it():
    assert closed("\u2067a\u202bb\u2069c\u202d") == "\u2067a\u202bb\u2069c\u202d\u202c"


def test_unmatched_closers_are_left_alone():
    assert closed("\u202c\u2069x") == "\u202c\u2069x"  # nothing outside for them to end


@given(
    st.text(
        alphabet=st.sampled_from([*EMBEDS, POP, *ISOLATES, PDI, "a", "ש", " "]),
        max_size=40,
    )
)
def test_nothing_typed_stays_open_and_nothing_typed_is_changed(text):
    result = closed(text)
    assert result.startswith(text)
    assert set(result[len(text) :]) <= {POP, PDI}
    assert still_open(result) == []
