"""Opening the records only to read them: ``pap-guide sessions`` and ``export``.

A reader never writes: it does not make a missing file or its folder (a
typed path with a slip in it made an empty database there and answered "No
sessions yet."), does not migrate, and opens the file read-only, so a copy
on a disk mounted read-only (an audit's, a backup's) can be read where the
app's own opening refused it. There, where no program can be writing,
SQLite is told the file is immutable (it cannot make the shared-memory file
a WAL database needs); a -wal beside it is read from a private copy of the
two, since an immutable file's -wal is ignored. On a writable disk SQLite
may make the -shm (and an empty -wal) beside the file as any reader of a WAL
database does; the records' own bytes are never changed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pap_guide.store.connection import Records
from pap_guide.store.database import (
    DatabaseProblem,
    connect,
    open_failures,
    problem_text,
    read_only_disk,
)
from pap_guide.store.schema import SCHEMA_VERSION


def open_reader(path: Path, passphrase: str | None = None) -> Records:
    """The records at ``path``, read-only; DatabaseProblem saying plainly why not."""
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseProblem(
            f"No records at {path}: check the path (--db or --data-dir), or start "
            "pap-guide once to make them."
        )
    try:
        conn = _open(path, passphrase)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except open_failures() as exc:
        raise DatabaseProblem(problem_text(path, exc)) from exc
    if version < SCHEMA_VERSION:
        conn.close()
        raise DatabaseProblem(
            f"The records at {path} were written by an earlier pap-guide, or copied "
            f"without {path.name}-wal beside them (it holds their latest changes): copy "
            "that file too, or start pap-guide on them once to bring them up to date."
        )
    return Records(conn)


def _open(path: Path, passphrase: str | None) -> Any:
    try:
        return _checked(connect(path, passphrase, "mode=ro"))
    except open_failures():
        if not read_only_disk(path):
            raise
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        # an immutable file's -wal is not read: what only it holds would be left out
        # unseen, so the two are read from a private copy where the -shm can be made
        return _checked(connect(_private_copy(path, wal), passphrase, "mode=ro"))
    # a read-only disk: nobody writes there, and the -shm file cannot be made
    return _checked(connect(path, passphrase, "mode=ro&immutable=1"))


def _private_copy(path: Path, wal: Path) -> Path:
    """``path`` and its -wal copied into a folder only this user can read, removed
    when the command ends."""
    folder = Path(tempfile.mkdtemp(prefix="pap-guide-read-"))  # made 0700
    atexit.register(shutil.rmtree, folder, True)
    copy = folder / path.name
    for source, target in ((path, copy), (wal, Path(f"{copy}-wal"))):
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    return copy


def _checked(conn: Any) -> Any:
    """``conn`` once it has read the schema (a WAL file is opened by then); closed if not."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn
