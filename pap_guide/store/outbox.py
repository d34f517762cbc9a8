"""The FHIR outbox: every push attempt and its outcome, append-only.

A push that could not reach the server stays pending and is tried again
later with a growing wait; a refusal keeps the server's own words. Tokens
and passwords never come here: only the server's address and the outcome.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pap_guide.store.connection import Records
from pap_guide.store.settings import Settings

PENDING, SENT, REFUSED = "pending", "sent", "refused"
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


@dataclass(frozen=True)
class PushState:
    session_id: int
    state: str  # pending, sent or refused
    utc: datetime
    server: str
    detail: str
    attempt: int

    def describe(self) -> str:
        when = self.utc.astimezone().strftime("%Y-%m-%d %H:%M")
        if self.state == SENT:
            return f"sent {when} to {self.server}"
        if self.state == REFUSED:
            return f"refused by {self.server} ({self.detail})"
        return f"pending since {when} ({self.detail}); tried {self.attempt} time(s)"


def installation_id(db: Records) -> str:
    """This installation's id, made once and kept: it keeps FHIR identifiers apart."""
    settings = Settings(db)
    found = settings.get("installation_id")
    if found:
        return found
    made = str(uuid.uuid4())
    settings.set("installation_id", made)
    return made


class Outbox:
    def __init__(self, db: Records) -> None:
        self.db = db

    def record(self, session_id: int, state: str, server: str, detail: str = "") -> PushState:
        last = self.state(session_id)
        attempt = (last.attempt if last and last.state == PENDING else 0) + 1
        row = {
            "session_id": session_id,
            "utc": datetime.now(UTC).isoformat(),
            "state": state,
            "server": server,
            "detail": detail,
            "attempt": attempt,
        }
        with self.db.conn:
            self.db.table("fhir_outbox").insert(row)
        return _state(row)

    def state(self, session_id: int) -> PushState | None:
        rows = list(
            self.db.query(
                "SELECT * FROM fhir_outbox WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                [session_id],
            )
        )
        return _state(rows[0]) if rows else None

    def states(self) -> dict[int, PushState]:
        rows = self.db.query(
            "SELECT * FROM fhir_outbox WHERE id IN "
            "(SELECT max(id) FROM fhir_outbox GROUP BY session_id)"
        )
        return {row["session_id"]: _state(row) for row in rows}

    def due(self, now: datetime | None = None, everything: bool = False) -> list[PushState]:
        """Pending pushes whose wait is over (all of them with ``everything``)."""
        now = now or datetime.now(UTC)
        return [
            state
            for state in self.states().values()
            if state.state == PENDING and (everything or now >= state.utc + wait(state.attempt))
        ]


def wait(attempt: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failed attempt, at most six hours."""
    waited: timedelta = FIRST_WAIT * 2 ** min(20, max(0, attempt - 1))
    return min(LONGEST_WAIT, waited)


def _state(row: dict) -> PushState:  # type: ignore[type-arg]
    return PushState(
        row["session_id"],
        row["state"],
        datetime.fromisoformat(row["utc"]),
        row["server"],
        row["detail"] or "",
        int(row["attempt"] or 0),
    )
