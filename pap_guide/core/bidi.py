"""Typed text set among other words: its direction controls end where it ends.

A note or a reason is kept as typed, format characters included (a Hebrew or
Arabic name may need a right-to-left mark). But a right-to-left override
(U+202E) or an embedding left open runs on to the end of the paragraph: in a
line that goes on with "; was BP 120/80" or with the next person's correction,
everything after it was drawn reversed. Wherever typed text is joined with
other words, :func:`closed` ends what it opened, so only the typed text itself
reads as it was typed.
"""

from __future__ import annotations

import re

_EMBEDS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: ended by PDF
_POP = "\u202c"  # POP DIRECTIONAL FORMATTING
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: ended by PDI
_PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
_ANY = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed(text: str) -> str:
    """``text`` with every embedding, override and isolate it opened ended after it.

    Follows the Unicode bidirectional algorithm's pairing (UAX #9, X6a and X7):
    a PDI ends the isolate it matches and every embedding opened inside it; a
    PDF ends only an embedding opened inside the current isolate. Unmatched
    closers are left as typed (outside the text there is nothing for them to end).
    """
    if not _ANY.search(text):
        return text  # nearly every text: nothing to do
    open_: list[str] = []  # the closer each opened control needs, innermost last
    for char in text:
        if char in _EMBEDS:
            open_.append(_POP)
        elif char in _ISOLATES:
            open_.append(_PDI)
        elif char == _POP:
            if open_ and open_[-1] == _POP:
                open_.pop()
        elif char == _PDI and _PDI in open_:
            while open_.pop() != _PDI:
                pass
    return text + "".join(reversed(open_))
