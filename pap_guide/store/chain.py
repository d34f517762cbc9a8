"""The record's hash chain: tamper evidence for every append-only row.

Each row of a clinical table gets an entry in ``ledger``, in the order rows
were written: the SHA-256 of the previous entry's hash, the table's name and
the row's canonical content (all its columns as JSON, as SQLite returns
them). Changing, deleting or slipping in a row anywhere breaks the chain from
there on; :func:`verify` names the table and the first row that does not
match. Someone who rewrites the rows and recomputes the whole chain on a plain
file is not stopped by this: an export carries the chain head, so a printed
report pins what the record held when it was made.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

CHAINED_TABLES = ("sessions", "events", "entries", "plays", "actions")
GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainBreak:
    table: str
    rowid: int
    why: str

    def text(self) -> str:
        return (
            f"the record was changed outside pap-guide: table {self.table}, row {self.rowid} "
            f"{self.why}. The record is kept as it is (it is evidence); tell the clinic's "
            "data protection lead before relying on it."
        )


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(row: dict[str, Any]) -> str:
    """The row as the chain hashes it (one encoder for all: json.dumps makes one a call)."""
    return _ENCODER.encode(row)


def link(previous: str, table: str, row: dict[str, Any]) -> str:
    content = f"{previous}\n{table}\n{canonical(row)}".encode()
    return hashlib.sha256(content).hexdigest()


def _row(conn: Any, table: str, rowid: int) -> dict[str, Any] | None:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", [rowid])
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _rows(conn: Any, table: str) -> dict[int, dict[str, Any]]:
    """Every row of ``table`` by rowid, each as ``_row`` reads it."""
    cursor = conn.execute(f"SELECT rowid, * FROM {table}")
    names = [d[0] for d in cursor.description][1:]
    return {found[0]: dict(zip(names, found[1:], strict=True)) for found in cursor.fetchall()}


def head(conn: Any) -> str:
    """The hash of the last ledger entry (the chain's head)."""
    found = conn.execute("SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return str(found[0]) if found else GENESIS


def append(conn: Any, table: str, rowid: int) -> str:
    """Chain the row just written (inside the caller's transaction); its hash."""
    row = _row(conn, table, rowid)
    assert row is not None, (table, rowid)
    hashed = link(head(conn), table, row)
    conn.execute(
        "INSERT INTO ledger (tbl, row_rowid, hash) VALUES (?, ?, ?)", [table, rowid, hashed]
    )
    return hashed


def verify(conn: Any) -> ChainBreak | None:
    """Walk the whole chain; the first row that does not match, or None."""
    previous = GENESIS
    counts = dict.fromkeys(CHAINED_TABLES, 0)
    rows = {table: _rows(conn, table) for table in CHAINED_TABLES}  # one read a table
    for table, rowid, stored in conn.execute(
        "SELECT tbl, row_rowid, hash FROM ledger ORDER BY seq"
    ).fetchall():
        row = rows[table].get(rowid) if table in rows else _row(conn, table, rowid)
        if row is None:
            return ChainBreak(table, rowid, "was deleted")
        if stored != link(previous, table, row):
            return ChainBreak(table, rowid, "does not match its hash (its content was changed)")
        previous = stored
        counts[table] += 1
    for table in CHAINED_TABLES:
        total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if total != counts[table]:
            stray = conn.execute(
                f"SELECT rowid FROM {table} WHERE rowid NOT IN "
                "(SELECT row_rowid FROM ledger WHERE tbl = ?) ORDER BY rowid LIMIT 1",
                [table],
            ).fetchone()
            return ChainBreak(table, int(stray[0]) if stray else 0, "is not in the chain")
    return None


def build(conn: Any) -> None:
    """Chain every row there is, table by table (a database from before the chain)."""
    for table in CHAINED_TABLES:
        rowids = conn.execute(f"SELECT rowid FROM {table} ORDER BY rowid").fetchall()
        for (rowid,) in rowids:
            append(conn, table, int(rowid))
