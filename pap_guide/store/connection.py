"""The records' connection: plain statements, and sqlite-utils when its tools are wanted.

A current database is read and written by plain statements (no schema
look-ups): the repositories need nothing of sqlite-utils but what a cursor
gives. Importing sqlite-utils, with click, dateutil and pluggy, costs a start
some 50 ms before its first frame, so it is imported only when something asks
for its ``Database``: the migrations, a table's ``insert`` or ``upsert``, the
command-line tools and the tests.

sqlite-utils imports NumPy whenever it can, only to give NumPy's number types
column types; the store never hands it NumPy values, and NumPy costs some
50 ms more (the chart and the loudness scanner load it when they need it). So
sqlite-utils is imported with NumPy hidden from that one import; NumPy stays
importable for the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

Params = Sequence[Any] | dict[str, Any]
TRANSACTION_WORDS = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _first_word(sql: str) -> str:
    """The statement's first keyword, upper case, past spaces and ``--`` comments."""
    lines = (line.split("--", 1)[0].strip() for line in sql.lstrip("\ufeff;").splitlines())
    words = " ".join(line for line in lines if line).split()
    return words[0].upper() if words else ""


def sqlite_utils_database(conn: Any) -> Database:
    """sqlite-utils' ``Database`` over ``conn`` (imported now if not yet, NumPy hidden)."""
    if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # 'import numpy' fails for now
        try:
            import sqlite_utils  # noqa: F401
        finally:
            if sys.modules.get("numpy", 0) is None:
                del sys.modules["numpy"]
    from sqlite_utils import Database

    # no plugins: finding them scans every installed package's entry points
    # (10 ms or more), and none is wanted on the records' connection
    return Database(conn, execute_plugins=False)


class Records:
    """A connection to pap-guide's database (sqlite3's, or SQLCipher's: the same API)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._utils: Database | None = None

    def execute(self, sql: str, params: Params = ()) -> Any:
        """``sql`` run, and a write outside a transaction committed, as sqlite-utils'
        ``execute`` does: its tools, the migrations and the repositories rely on it."""
        began = not self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, params)
        except BaseException:
            if began and self.conn.in_transaction:  # a failed write opened it: nothing
                self.conn.execute("ROLLBACK")  # would end it, and the next writes joined it
            raise
        opened = began and self.conn.in_transaction and cursor.description is None
        if opened and _first_word(sql) not in TRANSACTION_WORDS:  # BEGIN opens one on purpose
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite ends a transaction whose commit the full disk refused, but
                # keeps one that was busy: left open, the next writes would join it
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        return cursor

    def query(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """Each row of ``sql`` as a dict of its columns, as sqlite-utils' ``query``."""
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def rows(self, table: str, where: str = "", params: Params = ()) -> list[dict[str, Any]]:
        """``table``'s rows (those ``where`` holds), in the order they were written."""
        condition = f" WHERE {where}" if where else ""
        return list(self.query(f"SELECT * FROM [{table}]{condition} ORDER BY id", params))

    @property
    def utils(self) -> Database:
        """sqlite-utils' ``Database`` over this same connection, made when first asked for."""
        if self._utils is None:
            self._utils = sqlite_utils_database(self.conn)
        return self._utils

    def table(self, name: str) -> Table:
        return self.utils.table(name)

    def __getitem__(self, name: str) -> Table:  # how sqlite-utils' Migrations reads a table
        return self.utils.table(name)

    def table_names(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        self.conn.close()
