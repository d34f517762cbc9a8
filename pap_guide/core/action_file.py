"""Actions as JSON: the recovery file written when the app closes with some unsaved.

Everything an action holds goes into the file as it was built (ids, times,
phase, author, values), so adding them back at the next start restamps
nothing.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from pap_guide.core.actions import Action, Stamp
from pap_guide.core.entries import Entry
from pap_guide.core.plays import Play, PlayEnd
from pap_guide.core.private_files import private_dir
from pap_guide.core.session import Event, EventKind, SessionRecord

VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$time": value.isoformat()}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "$time" in value:
            return datetime.fromisoformat(value["$time"])
        if "$path" in value:
            return Path(value["$path"])
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return value


def waiting_text(actions: Sequence[Action]) -> str:
    """What waits, in the words of the screen: "3 changes (note ×2, restart)". A
    restart or a track start is not an entry the monitor typed: counting them as
    entries made the offer say more was typed than was."""
    counts: dict[str, int] = {}
    for action in actions:
        counts[action.what] = counts.get(action.what, 0) + 1
    parts = [what if n == 1 else f"{what} ×{n}" for what, n in counts.items()]
    noun = "change" if len(actions) == 1 else "changes"
    return f"{len(actions)} {noun} ({', '.join(parts)})"


def dump_actions(actions: Sequence[Action]) -> str:
    return json.dumps({"version": VERSION, "actions": [_plain(asdict(a)) for a in actions]})


def _play(raw: dict[str, Any]) -> Play:
    return Play(**raw)


def _action(raw: dict[str, Any]) -> Action:
    session = raw["session"]
    return Action(
        what=raw["what"],
        stamp=Stamp(**raw["stamp"]),
        session_id=raw["session_id"],
        session=SessionRecord(**session) if session else None,
        events=tuple(Event(**{**e, "kind": EventKind(e["kind"])}) for e in raw["events"]),
        entries=tuple(Entry(**{**e, "flags": tuple(e["flags"])}) for e in raw["entries"]),
        plays=tuple(_play(p) for p in raw["plays"]),
        play_ends=tuple(PlayEnd(**{**p, "start": _play(p["start"])}) for p in raw["play_ends"]),
        key=raw["key"],
    )


def load_actions(text: str) -> list[Action]:
    """The actions of a recovery file; ValueError when it is not one."""
    data = _typed(json.loads(text))
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("not a pap-guide recovery file")
    return [_action(raw) for raw in data["actions"]]


class RecoveryFile:
    """Unsaved actions kept off the database's disk: while it refuses, and at close.

    Each run keeps its waiting actions in a file of its own (rewritten as the
    queue changes, removed once it is empty), so a run killed while the disk
    was full leaves them behind; the next start offers the files of earlier
    runs. A file is renamed ``.added`` once its actions are in the database.
    """

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder, self.stem = folder, stem
        self.path = folder / f"{stem}-{secrets.token_hex(6)}.json"  # this run's

    def keep(self, actions: Sequence[Action]) -> None:
        """This run's waiting actions, written whole (or the file removed when none)."""
        if not actions:
            self.path.unlink(missing_ok=True)
            return
        private_dir(self.folder)
        temporary = self.path.with_name(self.path.name + ".part")
        temporary.touch(mode=0o600)
        temporary.write_text(dump_actions(actions), encoding="utf-8")
        temporary.replace(self.path)

    def left(self) -> list[Path]:
        """Files earlier runs left behind, oldest first."""
        found = [p for p in self.folder.glob(f"{self.stem}-*.json") if p != self.path]
        return sorted(found, key=lambda p: p.stat().st_mtime)

    def load(self) -> list[Action]:
        """The actions earlier runs left unsaved, in order, each once."""
        seen: set[str] = set()
        found = []
        for path in self.left():
            for action in load_actions(path.read_text(encoding="utf-8")):
                if action.key not in seen:
                    seen.add(action.key)
                    found.append(action)
        return found

    def forget(self, files: Sequence[Path]) -> None:
        """Earlier runs' files whose actions this run now holds (on disk, or in its own file).

        Removed rather than kept: no copy of the record lingers outside the database.
        """
        for path in files:
            path.unlink(missing_ok=True)
