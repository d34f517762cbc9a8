"""One session's log, kept up to date an entry at a time.

Rebuilding the whole log for every save made a save cost time in proportion
to the session (a six-hour session holds thousands of entries). Here a new
entry adds one line and an amendment replaces one; each change bumps a
version, and a view asks which lines changed since the version it last
showed. The times of the live vitals are kept sorted, so the due check reads
the latest reading without walking the log.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import datetime

from pap_guide.core import entries as kinds
from pap_guide.core.entries import Dose, Entry, LogLine, build_log, placed_seconds

KEPT_CHANGES = 4096  # a view further behind than this redraws everything


class LiveLog:
    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.version = 0
        # the first dose's time and when it was entered: where an entry saved before
        # the dose was entered sits (entries.placed_seconds)
        self.dose: Dose = (None, None)
        self.reset(entries)

    def reset(self, entries: Iterable[Entry]) -> None:
        """Start again from ``entries`` (a new session, or entries added late)."""
        self.version += 1
        self._base = self.version  # the version before the first kept change
        self._changes: list[int] = []  # the original's id changed by each version after _base
        self._root: dict[int, int] = {}  # entry id -> its original's id
        self._line: dict[int, LogLine] = {}  # original's id -> its line
        self._order: dict[int, int] = {}  # original's id -> place from the oldest
        self._done: list[float] = []  # session times of live (not struck) vitals, sorted
        self._flagged: list[float] = []  # the same for the flagged ones
        self._entries = list(entries)
        self.lines: list[LogLine] = build_log(self._entries)  # newest first
        for order, line in enumerate(reversed(self.lines)):  # oldest first
            self._index(line, order)

    def add(self, entry: Entry) -> LogLine:
        """The line ``entry`` makes or changes; the log has it at once."""
        self._entries.append(entry)
        newest = (self.lines[0].original.id or 0) if self.lines else -1
        if entry.amends is None and (entry.id or 0) > newest:
            line = LogLine(entry, entry, (entry,))
            self._place(line)
        elif entry.amends is not None and entry.amends in self._root:
            root = self._root[entry.amends]
            old = self._line[root]
            line = LogLine(old.original, entry, (*old.history, entry))
            self._count(old, -1)
            self._count(line, +1)
            self._line[root] = line
            self._root[entry.id or 0] = root
            self.lines[len(self.lines) - 1 - self._order[root]] = line
        else:  # out of order, or amending what this log does not hold: rebuild once
            self.reset(self._entries)
            return self._line[self._root[entry.id or 0]]
        self._changed(root=line.original.id or 0)
        return line

    @property
    def entries(self) -> list[Entry]:
        """Every entry of the log, saved and pending, in the order they were added."""
        return self._entries

    def changed_since(self, version: int) -> list[LogLine] | None:
        """Lines changed after ``version``, each once, oldest change first; None: redraw all."""
        if version < self._base or version > self.version:
            return None
        roots = dict.fromkeys(self._changes[version - self._base :])
        return [self._line[root] for root in roots]

    def set_dose(self, dose_at: datetime | None, entered: datetime | None) -> None:
        """The first dose, as given and as entered: a reading saved before it was entered
        but after it was given counts at its time after the dose, as the log shows it,
        not as a baseline at T+0."""
        if (dose_at, entered) == self.dose:
            return
        self.dose = (dose_at, entered)
        # sorted once: inserted one at a time, 10,000 readings moved the list 10,000 times
        live = [ln for ln in self.lines if ln.original.kind == kinds.VITALS and not ln.struck]
        self._done = sorted(self.placed(ln.original) for ln in live)
        self._flagged = sorted(self.placed(ln.original) for ln in live if ln.flagged)

    def placed(self, entry: Entry) -> float:
        """Where ``entry`` sits on the session's time line (a baseline at T+0)."""
        return placed_seconds(entry, *self.dose)

    def latest_check(self) -> float | None:
        """Session time of the latest live vitals reading (a baseline counts as 0)."""
        return self._done[-1] if self._done else None

    def flagged_times(self) -> list[float]:
        """Session times of the live vitals that broke a limit, oldest first."""
        return list(self._flagged)

    # -- inside

    def _place(self, line: LogLine) -> None:
        """A new line, the newest."""
        self.lines.insert(0, line)
        self._index(line, len(self._order))

    def _index(self, line: LogLine, order: int) -> None:
        root = line.original.id or 0
        self._order[root] = order
        self._line[root] = line
        for step in line.history:
            self._root[step.id or 0] = root
        self._count(line, +1)

    def _changed(self, root: int) -> None:
        self._changes.append(root)
        self.version += 1
        if len(self._changes) > KEPT_CHANGES:  # views that far behind redraw everything
            drop = len(self._changes) - KEPT_CHANGES // 2
            del self._changes[:drop]
            self._base += drop

    def _count(self, line: LogLine, sign: int) -> None:
        """Add (+1) or take away (-1) a line's part in the due check."""
        if line.original.kind != kinds.VITALS or line.struck:
            return
        at = self.placed(line.original)
        for times, wanted in ((self._done, True), (self._flagged, line.flagged)):
            if not wanted:
                continue
            if sign > 0:
                bisect.insort(times, at)
            else:
                del times[bisect.bisect_left(times, at)]
