"""The records' connection behaves as sqlite-utils' Database did for its statements."""

from __future__ import annotations

import sqlite3

import pytest

from pap_guide.store.connection import Records
from pap_guide.store.database import open_database


def _count(path) -> int:
    other = sqlite3.connect(path)  # a second connection sees only what was committed
    try:
        return int(other.execute("SELECT count(*) FROM settings").fetchone()[0])
    finally:
        other.close()


def test_a_write_outside_a_transaction_is_committed(tmp_path):
    path = tmp_path / "records.db"
    db = open_database(path)
    db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
    assert not db.conn.in_transaction
    assert _count(path) == 1


def test_a_write_inside_a_transaction_stays_part_of_it(tmp_path):
    """As the actions write: the connection's own statement opens the transaction."""
    path = tmp_path / "records.db"
    db = open_database(path)
    with pytest.raises(RuntimeError), db.conn:
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
        assert _count(path) == 0
        raise RuntimeError("the action fails half-way")
    assert _count(path) == 0


def test_a_failed_write_leaves_no_transaction_open(tmp_path):
    path = tmp_path / "records.db"
    db = open_database(path)
    db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
    db.execute(
        "CREATE TRIGGER no_b BEFORE INSERT ON settings WHEN NEW.key = 'b' "
        "BEGIN SELECT RAISE(ABORT, 'no b'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO settings (key, value) VALUES ('c', '3')")
    assert _count(path) == 2


def test_a_commit_refused_while_another_reads_leaves_no_transaction_open(tmp_path):
    """A busy COMMIT (a second connection mid-read, in rollback-journal mode) leaves
    SQLite's transaction open: the next writes joined it and went with it."""
    path = tmp_path / "records.db"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    setup.executemany("INSERT INTO settings VALUES (?, ?)", [(str(n), "x") for n in range(5)])
    setup.commit()
    setup.close()
    db = Records(sqlite3.connect(path, timeout=0))
    reader = sqlite3.connect(path, timeout=0)
    reading = reader.execute("SELECT * FROM settings")
    reading.fetchone()  # the statement is still stepping: it holds its shared lock
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
    assert not db.conn.in_transaction
    reading.fetchall()
    db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
    assert _count(path) == 6  # 'b' is committed, and 'a' never was
    reader.close()


def test_begin_opens_a_transaction_it_does_not_commit(tmp_path):
    db = Records(sqlite3.connect(tmp_path / "plain.db"))
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
    db.execute("  -- a comment first\n BEGIN IMMEDIATE")
    assert db.conn.in_transaction
    db.execute("INSERT INTO t (x) VALUES (1)")
    assert db.conn.in_transaction
    db.execute("ROLLBACK")
    assert db.rows("t") == []


def test_rows_and_query_give_dicts_in_the_order_written(tmp_path):
    db = Records(sqlite3.connect(tmp_path / "plain.db"))
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
    for x in (3, 1, 2):
        db.execute("INSERT INTO t (x) VALUES (?)", [x])
    assert [row["x"] for row in db.rows("t")] == [3, 1, 2]
    assert db.rows("t", "x > ?", [1]) == [{"id": 1, "x": 3}, {"id": 3, "x": 2}]
    assert list(db.query("SELECT x FROM t WHERE id = :id", {"id": 2})) == [{"x": 1}]
    assert db.table_names() == ["t"]
    assert db.table("t").count == 3  # sqlite-utils' own, over the same connection
