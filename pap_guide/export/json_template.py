"""JSON text with holes: a resource's constant parts encoded once, its values per use.

A long session's FHIR Bundle holds thousands of Observations that differ only
in a few values (id, status, time, author, value): encoding the same codes,
categories and references again for each one costs most of the export's time.
A :class:`Template` is the JSON text of one shape, split at its holes, so
filling it is a join of ready strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder, as json.dumps
string = json.encoder.encode_basestring  # a str as a JSON string (the C function)

_VALUE, _MEMBERS = "\x00", "\x01"
_HOLES = re.compile(r'"\\u0000(\w+)\\u0000"|, "\\u0001(\w+)\\u0001": null')


def hole(name: str) -> str:
    """Where a value goes: filled with JSON text (``string(...)``, ``encode(...)``)."""
    return f"{_VALUE}{name}{_VALUE}"


def members(name: str) -> str:
    """A key standing for zero or more members, filled with ``, "key": value`` text or
    ''; never an object's first key."""
    return f"{_MEMBERS}{name}{_MEMBERS}"


def member(key: str, value: Any) -> str:
    """One member's text, for a ``members`` hole."""
    return f", {string(key)}: {encode(value)}"


class Template:
    """The JSON text of ``shape``, split at its holes: filling it is one join of its
    fixed parts and the values (a %-format would read the whole text each time)."""

    def __init__(self, shape: dict[str, Any]) -> None:
        parts = _HOLES.split(encode(shape))
        names = [value or more for value, more in zip(parts[1::3], parts[2::3], strict=True)]
        self.names = tuple(names)
        self.parts: list[str] = []  # fixed text and each hole's place ("") in turn
        for fixed in parts[0::3]:
            self.parts += (fixed, "")
        del self.parts[-1]

    def fill(self, **values: str) -> str:
        """The text with each hole filled by ``values[name]`` (JSON text, as is)."""
        return self.fill_in_order([values[name] for name in self.names])

    def fill_in_order(self, values: Sequence[str]) -> str:
        """As fill, with one value for each of ``names``, in that order (no names looked
        up: the quickest, for the thousands of a long session's Observations)."""
        parts = self.parts.copy()
        parts[1::2] = values  # ValueError unless there is one value a hole
        return "".join(parts)
