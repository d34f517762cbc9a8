"""The store: the records in SQLite, through sqlite-utils.

sqlite-utils imports NumPy whenever it can, only to give NumPy's number types
column types; the store never hands it NumPy values, and NumPy costs a start
some 50 ms before its first frame (the chart and the loudness scanner load it
after that frame). So sqlite-utils is imported here, before any store module,
with NumPy hidden from that one import; NumPy stays importable for the rest.
"""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return  # already decided (or NumPy is loaded anyway): nothing to save
    sys.modules["numpy"] = None  # type: ignore[assignment]  # 'import numpy' fails for now
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()
