"""Preferences of this installation, such as the audio output device."""

from __future__ import annotations

from pap_guide.store.connection import Records


class Settings:
    """The ``settings`` table, by plain statements: one each, none asking the schema.

    sqlite-utils' ``rows_where`` and ``upsert`` look the table up first (two
    or more statements per call); a start reads several settings.
    """

    def __init__(self, db: Records) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row is not None else default

    def set(self, key: str, value: str) -> None:
        # one statement is its own transaction: sqlite-utils' atomic() here imported
        # sqlite-utils (click, dateutil, pluggy: about 50 ms) at every restored start,
        # when the window put the session's people back
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
