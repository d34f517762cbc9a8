"""PySide6 reads the source of every module imported after it, through ``inspect``.

Its ``__feature__`` support (PYSIDE-2029) asks of each newly imported module
whether its source mentions "PySide6" (a module that does may switch on
``snake_case`` or ``true_property``; pap-guide uses neither). It asks through
``inspect.getsource``: for each of the start's 200 and more modules a
``linecache`` read, with the file's stat and its lines split, some 30 to 80 ms
before the first frame. The same question is answered here from the file's
bytes; anything that is not a plain ``.py`` file is left to PySide6's own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import shiboken6  # noqa: F401  # its support package holds the feature module

FEATURE = "shibokensupport.feature"
ASKED = "_mod_uses_pyside"


def _from_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.original = original  # type: ignore[attr-defined]  # once only
    return uses_pyside


def read_sources_quickly() -> None:
    """Answer PySide6's question from each file's bytes (once; a later PySide6 without
    that function is left as it is)."""
    feature = sys.modules.get(FEATURE)
    original = getattr(feature, ASKED, None)
    if feature is None or not callable(original) or hasattr(original, "original"):
        return
    setattr(feature, ASKED, _from_bytes(original))
