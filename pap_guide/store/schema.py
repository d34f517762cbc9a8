"""Which schema a database has, and bringing it up to date.

Once every migration has run, ``PRAGMA user_version`` holds how many there
are (:data:`SCHEMA_VERSION`): a start that finds it current opens the file
without asking sqlite-utils which migrations are applied (a dozen schema
look-ups), and without importing sqlite-utils or the migrations at all. A
database whose number is older, or that has none (made before it was kept),
goes through the migrations as always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pap_guide.store.connection import Records

SCHEMA_VERSION = 10  # how many migrations store/migrations.py has (it checks)


def migrate(db: Records) -> int:
    """Bring ``db`` up to date; returns the schema version it had.

    A current ``user_version`` means every migration ran (it is written only
    after they all have), so sqlite-utils is not asked; otherwise the
    migrations run as always and the number is written.
    """
    found = int(db.execute("PRAGMA user_version").fetchone()[0])
    if found == SCHEMA_VERSION:
        return found
    utils = db.utils  # sqlite-utils imported its way (NumPy hidden) before the migrations
    from pap_guide.store.migrations import migrations

    migrations.apply(utils)
    if found < SCHEMA_VERSION:  # a newer pap-guide's number is left as it is
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found
