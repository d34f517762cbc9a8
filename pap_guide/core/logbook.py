"""The monitor's logbook: checks what was typed, records it, and answers the log.

An entry is built once, when the monitor acts (time, phase, track, author
fixed then), and handed to the recorder, which commits it or keeps it in
order while the disk refuses; the log shows it at once, marked pending until
it is on disk. Refusals of what was typed carry one message per field and
record nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pap_guide.core import entries as kinds
from pap_guide.core.actions import Action, stamp
from pap_guide.core.checks import CheckStatus, check_status
from pap_guide.core.clock import Clock
from pap_guide.core.entries import KIND_LABELS, Dose, Entry, LogLine, clean_text
from pap_guide.core.live_log import LiveLog
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.recorder import Recorder
from pap_guide.core.session import SessionState
from pap_guide.core.vitals import VITAL_SIGNS, Range, Reading, parse_vitals, shown_typed

# a struck-out entry stays struck: what was entered in error is logged again, new
STRUCK_CANNOT_CHANGE = "Struck out: it cannot be corrected. Log it again as a new entry."
STRUCK_ALREADY = "Already struck out."
FAHRENHEIT = "fahrenheit"  # in a correction's typed values, "yes": the temperature is °F


class EntryStore(Protocol):
    def entries(self, session_id: int) -> list[Entry]: ...


@dataclass(frozen=True)
class Context:
    """Where the session is when an entry is made."""

    session_id: int
    protocol: SessionProtocol
    state: SessionState
    track: str | None = None
    dose_at: datetime | None = None  # the first dose, as given
    dose_entered: datetime | None = None  # and when it was entered


class EntryRefused(ValueError):
    """Nothing was saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class LogBook:
    def __init__(
        self,
        clock: Clock,
        store: EntryStore,
        context: Callable[[], Context | None],
        recorder: Recorder,
        plausible: Mapping[str, Range] | None = None,
    ) -> None:
        self.clock = clock
        self.store = store
        self.context = context
        self.recorder = recorder
        self.plausible = dict(plausible or {s.key: s.plausible for s in VITAL_SIGNS})
        self._session: int | None = None
        self._log = LiveLog()  # this session's entries, saved and pending

    # -- entries

    def note(self, text: str, author: str) -> Entry:
        return self._save(kinds.NOTE, {"text": self._text(text, "note")}, author)

    def intention(self, text: str, author: str) -> Entry:
        """The patient's intention, in their words (shown again at dosing sessions)."""
        return self._save(kinds.INTENTION, {"text": self._text(text, "note")}, author)

    def observation(self, tag: str, author: str) -> Entry:
        return self._save(kinds.OBSERVATION, {"tag": self._text(tag, "tag", 80)}, author)

    def vitals(self, typed: Mapping[str, str], fahrenheit: bool, author: str) -> Entry:
        reading = self._reading(typed, fahrenheit)
        context = self._context()
        flags = tuple(context.protocol.monitor.alerts.flags(reading.values))
        return self._save(
            kinds.VITALS,
            reading.data(),
            author,
            flags=flags,
        )

    def rating(self, scale: str, value: str, author: str) -> Entry:
        found = {s.name: s for s in self._context().protocol.monitor.ratings}.get(scale)
        if found is None:
            raise EntryRefused({"scale": f"No rating scale called {scale!r} in this protocol."})
        number = self._whole(value, found.low, found.high, scale)
        return self._save(
            kinds.RATING,
            {"scale": found.name, "value": number, "low": found.low, "high": found.high},
            author,
        )

    def adverse(self, what: str, severity: str, action: str, author: str) -> Entry:
        errors = {}
        try:
            what = clean_text(what, 1000)
        except ValueError as exc:
            errors["what"] = f"What happened: {exc}"
        if severity not in kinds.SEVERITIES:
            errors["severity"] = f"Severity: choose one of {', '.join(kinds.SEVERITIES)}."
        if action.strip():  # optional; when typed, kept whole or refused, never cut
            try:
                action = clean_text(action, 1000)
            except ValueError as exc:
                errors["action"] = f"Action taken: {exc}"
        else:
            action = ""
        if errors:
            raise EntryRefused(errors)
        return self._save(
            kinds.ADVERSE, {"what": what, "severity": severity, "action": action}, author
        )

    # -- amendments

    def correct(
        self,
        original: Entry,
        new: Mapping[str, str],
        reason: str,
        author: str,
        fahrenheit: bool = False,
    ) -> Entry:
        """A corrected version of ``original``; the original stays as it was."""
        if original.kind not in kinds.CORRECTABLE:
            raise EntryRefused({"kind": "This kind of entry can only be struck out."})
        if original.struck:  # a correction of it would bring it back in every export
            raise EntryRefused({"kind": STRUCK_CANNOT_CHANGE})
        why = self._reason(reason)
        data: dict[str, Any]
        flags: tuple[str, ...] = ()
        if original.kind in (kinds.NOTE, kinds.INTENTION):
            data = {"text": self._text(new.get("text", ""), "text")}
        elif original.kind == kinds.VITALS:
            reading = self._reading(new, fahrenheit or new.get(FAHRENHEIT) == "yes")
            data = reading.data()
            flags = tuple(self._context().protocol.monitor.alerts.flags(reading.values))
        else:  # a rating
            low, high = original.data["low"], original.data["high"]
            value = self._whole(new.get("value", ""), low, high, original.data["scale"])
            data = {**original.data, "value": value}
        if _same(original, data):
            raise EntryRefused({"kind": "Nothing changed: type the corrected value first."})
        return self._save(original.kind, data, author, amends=original, reason=why, flags=flags)

    def strike(self, original: Entry, reason: str, author: str) -> Entry:
        """Mark ``original`` as entered in error; it stays readable."""
        if original.struck:
            raise EntryRefused({"kind": STRUCK_ALREADY})
        return self._save(
            original.kind,
            dict(original.data),
            author,
            amends=original,
            reason=self._reason(reason, "struck out"),
            struck=True,
        )

    # -- reading the log

    def lines(self) -> list[LogLine]:
        """The log, newest first (kept up to date in place: see ``version``)."""
        context = self.context()
        if context is None:
            return []
        self._follow(context)
        return self._log.lines

    @property
    def version(self) -> int:
        """Changes whenever the log does (an entry, an amendment, another session); 0: no log."""
        context = self.context()
        if context is None:
            return 0
        self._follow(context)
        return self._log.version

    def changed_since(self, version: int) -> list[LogLine] | None:
        """The lines changed after ``version``, oldest change first; None: redraw all."""
        if version == 0 or self.version == 0:
            return None
        return self._log.changed_since(version)

    def absorb(self, actions: Sequence[Action]) -> None:
        """Earlier entries, added late (recovered): in the log at once, in their order."""
        context = self.context()
        if context is None:
            return
        self._follow(context)
        known = {entry.id for entry in self._log.entries}  # a recovered entry may be saved too
        added = [
            e
            for a in actions
            for e in a.entries
            if a.session_id == context.session_id and e.id not in known
        ]
        self._log.reset(sorted([*self._log.entries, *added], key=lambda entry: entry.id or 0))

    def is_pending(self, entry: Entry) -> bool:
        """Recorded but not yet on disk."""
        return self.recorder.is_pending("entries", entry.id)

    def _follow(self, context: Context) -> None:
        """Read a session's entries once, when it becomes the current one."""
        if self._session != context.session_id:
            self._session = context.session_id
            self._log.reset(self.store.entries(context.session_id))
        self._log.set_dose(context.dose_at, context.dose_entered)

    @property
    def dose(self) -> Dose:
        """The first dose, as given and as entered, that the log's times are placed by."""
        return self._log.dose

    def check(self) -> CheckStatus | None:
        context = self.context()
        if context is None or context.state.ended:
            return None
        self._follow(context)
        latest = self._log.latest_check()
        done = [] if latest is None else [latest]  # only the latest reading counts
        plan = context.protocol.monitor
        repeats = []
        if plan.alerts.repeat_minutes:
            after = plan.alerts.repeat_minutes * 60
            repeats = [at + after for at in self._log.flagged_times()]
        state = context.state
        return check_status(
            plan.checks, state.elapsed, state.planned_end, done, repeats, pre_dose=state.pre_dose
        )

    # -- inside

    def _context(self) -> Context:
        context = self.context()
        if context is None or context.state.ended:
            raise EntryRefused({"session": "No session is open: start one first."})
        return context

    @staticmethod
    def _text(text: str, name: str, limit: int = kinds.MAX_TEXT) -> str:
        try:
            return clean_text(text, limit)
        except ValueError as exc:
            raise EntryRefused({name: str(exc)}) from None

    @staticmethod
    def _reason(reason: str, done: str = "corrected") -> str:
        try:
            return clean_text(reason, 500)
        except ValueError:
            raise EntryRefused({"reason": f"Say why the entry is {done}."}) from None

    @staticmethod
    def _whole(text: str, low: int, high: int, label: str) -> int:
        # digits only (of any script): int() also takes "1_0", "+5" and "-0", each a
        # slip of the finger that would be saved as a rating; a minus only on a scale
        # that goes below zero
        cleaned = text.strip()
        body = cleaned[1:] if low < 0 and cleaned[:1] == "-" else cleaned
        try:
            if not body.isdecimal():
                raise ValueError(cleaned)
            value = int(cleaned)
        except ValueError:
            raise EntryRefused(
                {"value": f"{label}: type a whole number from {low} to {high}."}
            ) from None
        if not low <= value <= high:
            # what was typed, shortened: 150 digits on one line widened the window
            typed = shown_typed(text)
            raise EntryRefused({"value": f"{label}: {typed} is outside {low} to {high}."})
        return value

    def _reading(self, typed: Mapping[str, str], fahrenheit: bool) -> Reading:
        result = parse_vitals(typed, fahrenheit, self.plausible)
        if not isinstance(result, Reading):
            raise EntryRefused(result.errors)
        return result

    def _save(
        self,
        kind: str,
        data: dict[str, Any],
        author: str,
        *,
        amends: Entry | None = None,
        reason: str = "",
        struck: bool = False,
        flags: tuple[str, ...] = (),
    ) -> Entry:
        context = self._context()
        who = author.strip()
        if not who:
            raise EntryRefused({"author": "Pick who is logging."})
        when = stamp(self.clock, context.state)
        entry = Entry(
            kind=kind,
            utc=when.utc,
            session_seconds=when.session_seconds,
            phase=when.phase,
            author=who,
            data=data,
            track=context.track,
            amends=None if amends is None else amends.id,
            struck=struck,
            reason=reason,
            flags=flags,
            session_id=context.session_id,
            id=self.recorder.new_id("entries"),
        )
        self._follow(context)
        self._log.add(entry)
        what = KIND_LABELS[kind].lower() if amends is None else "correction"
        self.recorder.submit(Action(what, when, context.session_id, entries=(entry,)))
        return entry


def _same(original: Entry, data: dict[str, Any]) -> bool:
    """A correction that says what the entry already says (a vitals reading by its
    values: "72" typed again as "72.0" changes nothing)."""
    if original.kind == kinds.VITALS:
        return Reading.from_data(original.data).values == Reading.from_data(data).values
    return bool(original.data == data)
