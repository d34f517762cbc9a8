"""Preferences of this installation, such as the audio output device."""

from __future__ import annotations

from sqlite_utils import Database


class Settings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        rows = list(self.db.table("settings").rows_where("key = ?", [key]))
        return str(rows[0]["value"]) if rows else default

    def set(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")
