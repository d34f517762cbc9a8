import sqlite3
from datetime import UTC, datetime

import pytest

from pap_guide.core.session import Event, EventKind
from pap_guide.store.database import open_database
from pap_guide.store.migrations import migrations
from pap_guide.store.sessions import SessionRepository
from tests.helpers.rows import Writer

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "sub" / "pap.db"


def test_database_settings(db_path):
    db = open_database(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert db_path.parent.stat().st_mode & 0o777 == 0o700


def test_migrations_are_recorded_and_idempotent(db_path):
    open_database(db_path).close()
    db = open_database(db_path)
    assert migrations.pending(db) == []
    applied = [m.name for m in migrations.applied(db)]
    assert applied[0] == "m001_sessions_and_events"
    assert {"sessions", "events"} <= set(db.table_names())


def test_sessions_and_events_persist_across_connections(db_path):
    repo = SessionRepository(open_database(db_path))
    record = Writer(repo.db).session("standard-6h", NOW, True, 60.0, NOW)
    Writer(repo.db).event(
        record.id, Event(EventKind.STARTED, NOW, data={"protocol": "standard-6h"})
    )
    Writer(repo.db).event(
        record.id, Event(EventKind.DOSE, NOW, 0.0, "Introspection", {"dose_utc": NOW.isoformat()})
    )
    repo.db.close()
    again = SessionRepository(open_database(db_path))
    assert again.open_session() == record
    events = again.events(record.id)
    assert [e.kind for e in events] == [EventKind.STARTED, EventKind.DOSE]
    assert events[1].phase == "Introspection"
    assert events[1].data == {"dose_utc": NOW.isoformat()}
    assert again.session(record.id).rehearsal
    assert again.sessions() == [record]


def test_ended_session_is_not_open(db_path):
    repo = SessionRepository(open_database(db_path))
    first = Writer(repo.db).session("a", NOW, False, 1.0, None)
    Writer(repo.db).event(first.id, Event(EventKind.ENDED, NOW))
    assert repo.open_session() is None
    second = Writer(repo.db).session("a", NOW, False, 1.0, None)
    assert repo.open_session() == second


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events SET kind = 'x'",
        "DELETE FROM events",
        "UPDATE sessions SET protocol_key = 'x'",
        "DELETE FROM sessions",
    ],
)
def test_store_refuses_changes_in_place(db_path, sql):
    repo = SessionRepository(open_database(db_path))
    record = Writer(repo.db).session("a", NOW, False, 1.0, None)
    Writer(repo.db).event(record.id, Event(EventKind.STARTED, NOW))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        repo.db.execute(sql)
    assert len(repo.events(record.id)) == 1


def test_events_need_a_real_session(db_path):
    repo = SessionRepository(open_database(db_path))
    with pytest.raises(sqlite3.IntegrityError):
        Writer(repo.db).event(999, Event(EventKind.STARTED, NOW))


def test_a_save_is_visible_to_another_connection_at_once(db_path):
    repo = SessionRepository(open_database(db_path))
    record = Writer(repo.db).session("a", NOW, False, 1.0, None)
    Writer(repo.db).event(record.id, Event(EventKind.STARTED, NOW))
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_a_patient_s_sessions_are_found_whatever_the_letters_case(db_path):
    repo = SessionRepository(open_database(db_path))
    first = Writer(repo.db).session("mdma", NOW, patient="P-0142")
    Writer(repo.db).session("mdma", NOW, patient="P-0143")
    assert repo.patient_sessions("p-0142") == [first]
    assert repo.patient_sessions("P-0142") == [first]
    accented = Writer(repo.db).session("mdma", NOW, patient="Ö-0142")  # a clinic's pattern
    assert repo.patient_sessions("ö-0142") == [accented]  # SQLite's NOCASE folds A-Z only
    sharp = Writer(repo.db).session("mdma", NOW, patient="PÉ-ß01")
    assert repo.patient_sessions("pé-ss01") == [sharp]  # casefold makes it longer
    assert repo.patient_sessions("PE\u0301-SS01") == [sharp]  # É as E and an accent
    dotted = Writer(repo.db).session("mdma", NOW, patient="ÖZ-İ03")
    assert repo.patient_sessions("öz-i\u030703") == [dotted]
