"""The theme the guide chose last (night or day), kept beside the database.

A file of its own, not a setting in the records: the theme is needed for the
very first dialog (the passphrase, the encryption offer), before the records
are opened, and it is not part of any session's record.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pap_guide.core.private_files import write_private

THEMES = ("night", "day")
DEFAULT = "night"  # a dim room: never bright unless the guide asks for it


def theme_file(database: Path) -> Path:
    return database.parent / f"{database.stem}.theme"


def saved_theme(database: Path) -> str:
    """The theme chosen last for this database; night when none was, or it is unreadable."""
    try:
        found = theme_file(database).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return DEFAULT
    return found if found in THEMES else DEFAULT


def save_theme(database: Path, name: str) -> None:
    """Keep ``name`` for the next start; a disk that refuses loses only the choice."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    with contextlib.suppress(OSError):
        write_private(theme_file(database), f"{name}\n".encode())
