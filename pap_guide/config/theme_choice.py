"""The theme the guide chose last (night or day), kept beside the database.

A file of its own, not a setting in the records: the theme is needed for the
very first dialog (the passphrase, the encryption offer), before the records
are opened, and it is not part of any session's record.
"""

from __future__ import annotations

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


class ThemeChoice:
    """The theme chosen, kept for the next start: written at once or, when the disk
    refuses (full), at the next ``retry``. It was lost for good on a full disk while
    the other preferences were kept for when there was room."""

    def __init__(self, database: Path) -> None:
        self.file = theme_file(database)
        self.unsaved: str | None = None

    def choose(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"unknown theme {name!r}")
        self.unsaved = name
        self.retry()

    def retry(self) -> None:
        if self.unsaved is None:
            return
        try:
            write_private(self.file, f"{self.unsaved}\n".encode())
        except OSError:
            return  # kept for the next try
        self.unsaved = None
