"""The recorder: the one way into the record, an ordered queue of actions.

Every action goes to the back of one queue and the queue is committed in
order. When the disk refuses (full, read-only, I/O error, locked) the action
waits, with every other one behind it: none is dropped, merged or restamped,
and the session goes on at once on the strength of what was done (a pending
dose still starts the clock). The queue is tried again on the runner's ticks
until it commits. Row ids are handed out here, so a waiting action can be
referred to (an amendment, a track's end) before it reaches the disk; one
writer per database (the lock) keeps them unique.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pap_guide.core.actions import TABLES, Action, ActionStore, StoreRefused


class Recorder:
    def __init__(
        self, store: ActionStore, keep: Callable[[Sequence[Action]], None] | None = None
    ) -> None:
        self.store = store
        self.keep = keep  # writes the waiting actions off the database's disk
        self.pending: list[Action] = []
        self.broken: list[Action] = []  # refused by a bug: kept, never retried
        self.problem = ""  # why the queue waits, in the disk's words
        self.kept_problem = ""  # why the waiting ones could not be kept elsewhere
        self._spilled = False  # the waiting actions are in the keep file
        self.committed = 0  # actions committed by this recorder: what has changed on disk
        self._ids = {table: 0 for table in TABLES} | dict(store.last_ids())
        self._pending_rows: dict[str, set[int]] = {table: set() for table in TABLES}

    def reserve(self, actions: Sequence[Action]) -> None:
        """Ids of actions waiting outside the queue (a recovery file) stay theirs."""
        for action in actions:
            for table, row_id in _rows(action):
                if row_id is not None:
                    self._ids[table] = max(self._ids[table], row_id)

    def adopt(self, actions: Sequence[Action]) -> None:
        """Actions of an earlier run go first in the queue (they happened first)."""
        self.reserve(actions)
        self.pending[:0] = list(actions)
        for action in actions:
            self._mark(action, add=True)
        self.flush()

    def new_id(self, table: str) -> int:
        self._ids[table] += 1
        return self._ids[table]

    def submit(self, action: Action) -> bool:
        """Queue ``action`` and commit what can be; True when it is on disk now."""
        self.pending.append(action)
        self._mark(action, add=True)
        self.flush()
        return action not in self.pending

    def flush(self) -> bool:
        """Commit the queue in order; stop at the first refusal. True when empty."""
        try:
            return self._commit_queue()
        finally:
            waiting = [*self.pending, *self.broken]
            if waiting or self._spilled:  # nothing to write while all goes to disk
                self._kept(waiting)

    def _commit_queue(self) -> bool:
        while self.pending:
            action = self.pending[0]
            try:
                self.store.commit(action)
            except StoreRefused as refused:
                self.problem = refused.reason
                return False
            except Exception:
                # not the disk: a bug. Set the action aside (kept, shown) so the
                # queue behind it goes on, and let the error be reported.
                self.pending.pop(0)
                self.broken.append(action)
                raise
            self.pending.pop(0)
            self._mark(action, add=False)
            self.committed += 1
        self.problem = ""
        return True

    def _kept(self, waiting: list[Action]) -> None:
        """A kill while the disk refuses must not lose what waits: keep it elsewhere."""
        if self.keep is None:
            return
        try:
            self.keep(waiting)
            self._spilled = bool(waiting)
            self.kept_problem = ""
        except OSError as exc:
            self.kept_problem = f"they could not be kept outside the database either ({exc})"

    def is_pending(self, table: str, row_id: int | None) -> bool:
        return row_id is not None and row_id in self._pending_rows[table]

    def summary(self) -> str:
        """'3 entries not yet saved: the disk is full', or '' when all is saved."""
        parts = []
        if self.pending:
            music = sum(1 for a in self.pending if not (a.events or a.entries or a.session))
            record = len(self.pending) - music
            rows = f"{music} music {'row' if music == 1 else 'rows'}"
            what = f"{record} {'entry' if record == 1 else 'entries'}" if record else rows
            what += f" (and {rows})" if record and music else ""  # not "0 entries (and 2…)"
            parts.append(
                f"{what} not yet saved: {self.problem or 'waiting for the disk'}. They are "
                "kept in order and saved by themselves as soon as the disk takes them"
                + (f"; {self.kept_problem}." if self.kept_problem else ".")
            )
        if self.broken:
            count = len(self.broken)
            parts.append(
                f"{count} {'entry was' if count == 1 else 'entries were'} not saved because of "
                "an error in pap-guide: they are kept on screen and in the unsaved-entries "
                "file; tell support (details in pap-guide.log)."
            )
        return " ".join(parts)

    def _mark(self, action: Action, add: bool) -> None:
        for table, row_id in _rows(action):
            if row_id is None:
                continue
            if add:
                self._pending_rows[table].add(row_id)
            else:
                self._pending_rows[table].discard(row_id)


def _rows(action: Action) -> list[tuple[str, int | None]]:
    """Each row an action adds, as (table, id)."""
    return [
        ("sessions", action.session.id if action.session else None),
        *(("events", e.id) for e in action.events),
        *(("entries", e.id) for e in action.entries),
        *(("plays", p.id) for p in action.plays),
        *(("plays", end.id) for end in action.play_ends),
    ]
