"""Schema of the pap-guide database, one migration per change (sqlite-utils').

Imported only when a database is not current (store/schema.py), so a usual
start does not import sqlite-utils at all.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

from pap_guide.store import chain
from pap_guide.store.chain import CHAINED_TABLES
from pap_guide.store.schema import SCHEMA_VERSION

migrations = Migrations("pap_guide")
_names: list[str] = []  # every migration's name, in order

Migration = Callable[[Database], None]


def _migration(fn: Migration) -> Migration:
    """Register ``fn`` with sqlite-utils, and count it towards SCHEMA_VERSION."""
    _names.append(fn.__name__)
    return migrations()(fn)


APPEND_ONLY_TABLES = ("sessions", "events")


def _append_only(db: Database, table: str) -> None:
    """Make the database itself refuse edits and deletions of ``table`` rows."""
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )


@_migration
def m001_sessions_and_events(db: Database) -> None:
    db.table("sessions").create(
        {
            "id": int,
            "protocol_key": str,
            "created_utc": str,
            "rehearsal": int,
            "speed": float,
            "anchor_utc": str,
        },
        pk="id",
        not_null={"protocol_key", "created_utc", "rehearsal", "speed"},
    )
    db.table("events").create(
        {
            "id": int,
            "session_id": int,
            "kind": str,
            "utc": str,
            "session_seconds": float,
            "phase": str,
            "data": str,
        },
        pk="id",
        not_null={"session_id", "kind", "utc", "data"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("events").create_index(["session_id", "id"])
    for table in APPEND_ONLY_TABLES:
        _append_only(db, table)


@_migration
def m002_plays(db: Database) -> None:
    db.table("plays").create(
        {
            "id": int,
            "session_id": int,
            "kind": str,
            "start_id": int,
            "utc": str,
            "session_seconds": float,
            "phase": str,
            "file": str,
            "title": str,
            "reason": str,
        },
        pk="id",
        not_null={"session_id", "kind", "utc", "file"},
        foreign_keys=[("session_id", "sessions", "id"), ("start_id", "plays", "id")],
    )
    db.table("plays").create_index(["session_id", "id"])
    _append_only(db, "plays")


@_migration
def m003_settings(db: Database) -> None:
    """Preferences of this laptop (audio device, volume): these may change."""
    db.table("settings").create({"key": str, "value": str}, pk="key")


@_migration
def m004_entries(db: Database) -> None:
    """The monitor log: entries and their amendments (append-only)."""
    db.table("entries").create(
        {
            "id": int,
            "session_id": int,
            "kind": str,
            "utc": str,
            "session_seconds": float,
            "phase": str,
            "author": str,
            "data": str,
            "track": str,
            "amends": int,
            "struck": int,
            "reason": str,
            "flags": str,
        },
        pk="id",
        not_null={"session_id", "kind", "utc", "author", "data", "struck", "flags"},
        foreign_keys=[("session_id", "sessions", "id"), ("amends", "entries", "id")],
    )
    db.table("entries").create_index(["session_id", "id"])
    _append_only(db, "entries")


@_migration
def m005_patients_and_session_types(db: Database) -> None:
    """Sessions belong to a (pseudonymous) patient and have a type."""
    db.table("sessions").add_column("patient_code", str)
    db.table("sessions").add_column("session_type", str)
    db.table("sessions").create_index(["patient_code", "id"])


@_migration
def m006_actions(db: Database) -> None:
    """Every committed action: its key (so a retry never writes twice) and its clocks."""
    db.table("actions").create(
        {
            "key": str,
            "session_id": int,
            "what": str,
            "utc": str,
            "session_seconds": float,
            "boot_id": str,
            "boottime": float,
            "rows": int,
        },
        pk="key",
        not_null={"session_id", "what", "utc", "rows"},
    )
    db.table("actions").create_index(["session_id"])
    _append_only(db, "actions")


@_migration
def m007_hash_chain(db: Database) -> None:
    """Tamper evidence: a ledger chaining every clinical row; REPLACE refused."""
    db.execute(
        "CREATE TABLE ledger (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, "
        "row_rowid INTEGER NOT NULL, hash TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX ledger_row ON ledger (tbl, row_rowid)")
    _append_only(db, "ledger")
    for table in (*CHAINED_TABLES, "ledger"):
        _no_replace(db, table, {"actions": "key", "ledger": "seq"}.get(table, "id"))
    chain.build(db.conn)


def _no_replace(db: Database, table: str, key: str) -> None:
    """REPLACE deletes without firing delete triggers: refuse the insert it starts with."""
    db.execute(
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
    )


@_migration
def m008_track_levels(db: Database) -> None:
    """Measured loudness of music files: a cache, keyed so a changed file is measured again.

    Not part of the clinical record (not chained): a row may be replaced.
    """
    db.table("track_levels").create(
        {
            "path": str,
            "size": int,
            "mtime_ns": int,
            "lufs": float,
            "true_peak": float,
            "duration": float,
            "lead_silence": float,
            "tail_silence": float,
            "error": str,
            "measured_utc": str,
        },
        pk="path",
        not_null={"size", "mtime_ns", "measured_utc"},
    )


@_migration
def m009_fhir_outbox(db: Database) -> None:
    """Pushes to the clinic's FHIR server: one row per attempt or outcome, never changed.

    A session's push state is its newest row: pending (kept to send again),
    sent (when, where) or refused (the server's words).
    """
    db.table("fhir_outbox").create(
        {
            "id": int,
            "session_id": int,
            "utc": str,
            "state": str,
            "server": str,
            "detail": str,
            "attempt": int,
        },
        pk="id",
        not_null={"session_id", "utc", "state", "server"},
    )
    db.table("fhir_outbox").create_index(["session_id", "id"])
    _append_only(db, "fhir_outbox")


@_migration
def m010_track_levels_measured_again(db: Database) -> None:
    """Measure every music file again: a mono file was measured as one channel, 3 dB
    under what both ears hear of it (libVLC plays it on both), and so played 3 dB
    louder than the reference. A cache: its rows may go."""
    db.execute("DELETE FROM track_levels")


if len(_names) != SCHEMA_VERSION:  # a migration added without the number, or the reverse
    raise RuntimeError(f"{len(_names)} migrations, but SCHEMA_VERSION is {SCHEMA_VERSION}")
