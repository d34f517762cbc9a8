"""The chain's head kept beside the records, so rows cut off the end are seen.

:func:`chain.verify` finds a row changed, deleted or slipped in anywhere but
in one case: the last rows deleted together with their ledger entries leave
a shorter chain that verifies. So the app keeps the head in a file beside the
database (the last ledger entry's number and hash, written as the record grows
and at close), and at the next start the ledger must still hold that entry
with that hash. After a crash the file is behind, and an earlier head still
matches; a new, empty database starts a new one. Someone who also rewrites
this file is not stopped by it: an export's printed head pins the record as
it was then.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pap_guide.core.private_files import write_private

Head = tuple[int, str]  # the ledger entry's seq and its hash


@dataclass(frozen=True)
class CutShort:
    """The record no longer holds the head this laptop last saved."""

    seq: int
    emptied: bool = False  # the record holds no chain at all
    pin: str = "the .chain file beside it"  # the pin's file name, to accept the new record

    def text(self) -> str:
        if self.emptied:
            return (
                "the record holds nothing of what pap-guide last saved on this laptop "
                f"(its hash chain had reached entry {self.seq}): the database was deleted, "
                "emptied or replaced outside pap-guide, and this one was made new. Tell the "
                "clinic's data protection lead; if the records were moved away on purpose, "
                f"remove {self.pin} to start this record afresh."
            )
        return (
            "the record ends before what pap-guide last saved on this laptop "
            f"(entry {self.seq} of its hash chain is gone or different): its last rows "
            "were deleted outside pap-guide, or an older copy of the file was put back. "
            "The record is kept as it is (it is evidence); tell the clinic's data "
            "protection lead before relying on it."
        )


def pin_file(database: Path) -> Path:
    """Named after the whole file name: clinic.db and clinic.sqlite keep their own."""
    return database.with_name(f"{database.name}.chain")


def latest(conn: Any) -> Head | None:
    found = conn.execute("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(found[0]), str(found[1])) if found else None


def read_pin(database: Path) -> Head | None:
    """The head kept last; None when there is none (or it is not one: never a guess)."""
    try:
        seq, digest = pin_file(database).read_text(encoding="ascii").split()
        return int(seq), digest
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def check_pin(conn: Any, database: Path) -> CutShort | None:
    """Whether the ledger still holds the head kept beside it."""
    pinned = read_pin(database)
    if pinned is None:
        return None  # nothing kept yet
    if latest(conn) is None:  # a new record where one was kept: deleted, emptied, replaced
        return CutShort(pinned[0], emptied=True, pin=pin_file(database).name)
    return _held(conn, pinned)


def _held(conn: Any, head: Head) -> CutShort | None:
    seq, digest = head
    found = conn.execute("SELECT hash FROM ledger WHERE seq = ?", [seq]).fetchone()
    return None if found is not None and found[0] == digest else CutShort(seq)


class PinKeeper:
    """Keeps the pin at the ledger's head; cheap to call each tick (two indexed reads).

    The pin only ever moves on: a head older than the one kept, or the kept one
    gone from the ledger, is rows cut off while the app runs (another program
    with the file open), said once by :meth:`keep` and never written over.
    """

    def __init__(self, conn: Any, database: Path) -> None:
        self.conn, self.database = conn, database
        self.kept = read_pin(database)
        self.cut: CutShort | None = None

    def keep(self) -> CutShort | None:
        """Move the pin to the head; what was cut, the first time it is seen."""
        if self.cut is not None:
            return None
        head = latest(self.conn)
        if head is None or head == self.kept:
            return None
        if self.kept is not None:
            cut = CutShort(self.kept[0]) if head[0] < self.kept[0] else _held(self.conn, self.kept)
            if cut is not None:
                self.cut = cut
                return cut
        # not synced: the records were synced first, so the pin is never ahead of them,
        # and one lost at a power cut is an older head (or none), never a false alarm.
        # A disk that refuses loses only the pin: the record's own saves say so.
        with contextlib.suppress(OSError):
            text = f"{head[0]} {head[1]}\n".encode("ascii")
            write_private(pin_file(self.database), text, durable=False)
            self.kept = head
        return None
