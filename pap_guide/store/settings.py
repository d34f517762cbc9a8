"""Preferences of this installation, such as the audio output device."""

from __future__ import annotations

from pap_guide.store.actions import refusals
from pap_guide.store.connection import Records

UPSERT = (
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


class Settings:
    """The ``settings`` table, by plain statements: one each, none asking the schema.

    sqlite-utils' ``rows_where`` and ``upsert`` look the table up first (two
    or more statements per call); a start reads several settings.

    A preference the disk refuses (full, read-only) is kept here and written by
    the next ``set`` or ``retry``: on a full disk each step of the volume slider
    raised an error of its own, and the choice was lost when space came back.
    """

    def __init__(self, db: Records) -> None:
        self.db = db
        self.unsaved: dict[str, str] = {}  # key -> value the disk has not taken yet

    def get(self, key: str, default: str | None = None) -> str | None:
        if key in self.unsaved:
            return self.unsaved[key]
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row is not None else default

    def set(self, key: str, value: str) -> None:
        self.unsaved[key] = value
        self.retry()

    def retry(self) -> None:
        """Write every preference not yet written (nothing to do: a dict's truth)."""
        while self.unsaved:
            key, value = next(iter(self.unsaved.items()))
            try:
                # one statement is its own transaction: sqlite-utils' atomic() here
                # imported sqlite-utils (click, dateutil, pluggy: about 50 ms) at every
                # restored start, when the window put the session's people back
                self.db.execute(UPSERT, [key, value])
            except refusals():
                return  # still refused: kept for the next try
            del self.unsaved[key]
