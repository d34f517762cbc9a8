"""The clinical side of a session: who is in the room, checklists, doses, the close.

``SessionDesk`` sits on the session controller and adds the protocol's rules:
required people, the pre-session checklist before the dose, the
supplemental-dose window, the minimum length and the discharge checklist.
When a rule is not met the action is refused with :class:`NeedsReason`; the
same action with a reason goes ahead and the reason is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pap_guide.core.clock import Clock
from pap_guide.core.controller import SessionController, SessionError, Step
from pap_guide.core.dose_rules import first_at_center, given_so_far, open_items_text, outside_window
from pap_guide.core.dosing import above_usual, total_dose
from pap_guide.core.facts import (
    SessionFacts,
    names_problem,
    person_key,
    tidy_name,
    tidy_names,
    tidy_people,
)
from pap_guide.core.patient_codes import DEFAULT_PATIENT_CODES, PatientCodes
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.reminders import Reminder, reminders
from pap_guide.core.session import Event, EventKind, SessionRecord, SessionState, Timeline
from pap_guide.core.setup_plan import JOINED, ROLES, SESSION_TYPES
from pap_guide.core.timefmt import duration_text


class NeedsReason(SessionError):
    """Refused until a reason is given; ``question`` says what to ask."""

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.question = question


class SessionDesk:
    def __init__(
        self, controller: SessionController, patient_codes: PatientCodes = DEFAULT_PATIENT_CODES
    ) -> None:
        self.controller = controller
        self.patient_codes = patient_codes  # the clinic's, loaded where the app is wired
        self.clock_doubt = ""  # set at start when the wall clock cannot be trusted
        self._facts: tuple[tuple[int | None, int, int | None], SessionFacts] | None = None
        # the first-at-centre answer of a session: earlier sessions do not change
        self._first: tuple[tuple[int, str], bool] | None = None

    # -- reading

    @property
    def protocol(self) -> SessionProtocol | None:
        return self.controller.protocol

    @property
    def protocols(self) -> Mapping[str, SessionProtocol]:
        return self.controller.protocols

    @property
    def session(self) -> SessionRecord | None:
        return self.controller.session

    @property
    def timeline(self) -> Timeline | None:
        return self.controller.timeline

    @property
    def clock(self) -> Clock:
        return self.controller.clock

    @property
    def events(self) -> list[Event]:
        return self.controller.events

    def state(self) -> SessionState | None:
        return self.controller.state()

    def is_open(self) -> bool:
        return self.controller.is_open()

    def advance_phase(self) -> None:
        self.controller.advance_phase()

    def extend_phase(self, minutes: float) -> None:
        self.controller.extend_phase(minutes)

    def last_phase_move(self) -> int | None:
        """The id of the newest phase move not yet undone (what Undo would move back)."""
        undone = {e.data.get("undoes") for e in self.events if e.kind == EventKind.PHASE_MOVED_BACK}
        for event in reversed(self.events):
            if event.kind in (EventKind.PHASE_ADVANCED, EventKind.PHASE_EXTENDED):
                return None if event.id in undone else event.id
        return None

    def move_back(self, event_id: int) -> None:
        self.controller.move_back(event_id)

    def facts(self) -> SessionFacts:
        """Rebuilt from the events only when an event was added (it is read every tick)."""
        events = self.controller.events
        last = events[-1].id if events else None
        key = (self.controller.session.id if self.controller.session else None, len(events), last)
        if self._facts is None or self._facts[0] != key:
            self._facts = (key, SessionFacts.from_events(events))
        return self._facts[1]

    # -- set-up

    def start(
        self,
        protocol_key: str,
        patient: str,
        session_type: str,
        people: Mapping[str, str],
        reason: str = "",
    ) -> SessionRecord:
        """Open a session for ``patient`` with ``people`` (name -> role) in the room."""
        code = self.patient_codes.check(patient)
        # written as the patient's first session wrote it: "p-0142" is P-0142
        code = next((s.patient for s in self.controller.store.patient_sessions(code)), code)
        people = tidy_people(people)  # as People… keeps names: "ana" after "Ana" is Ana
        problem = names_problem(list(people))  # a comma (the dialog says "twice" first)
        if problem:
            raise SessionError(problem)
        if session_type not in SESSION_TYPES:
            raise SessionError(f"Session type must be one of {', '.join(SESSION_TYPES)}.")
        bad = sorted(role for role in people.values() if role not in ROLES)
        if bad:
            raise SessionError(f"Unknown role {bad[0]!r}; roles: {', '.join(ROLES)}.")
        protocol = self.controller.protocols.get(protocol_key)
        if protocol is None:
            raise SessionError(f"Unknown protocol {protocol_key!r}.")
        missing = protocol.setup.missing_people(list(people.values()))
        if missing and session_type == "dosing" and not reason.strip():
            raise NeedsReason(
                f"This protocol asks for {' and '.join(missing)} in the room. Why start without?"
            )
        steps: list[Step] = [
            (EventKind.PERSON, {"name": name, "role": role}) for name, role in people.items()
        ]
        if missing and reason.strip():
            what = "started without " + " and ".join(missing)
            steps.append((EventKind.OVERRIDE, {"what": what, "reason": reason.strip()}))
        return self.controller.start(
            protocol_key, dose_now=False, patient=code, session_type=session_type, then=steps
        )

    def joined(self, names: Sequence[str]) -> list[str]:
        """Record the names new to the room while the session is open; returns them.

        The log's People… list is who can be picked as an entry's author. A name
        added there mid-session is someone who came in: the record says so, with
        the moment, so its people are never only those of the set-up. A name
        taken off the list stays in the record (leaving for a while is Step out).
        """
        if not self.controller.is_open():
            return []
        facts = self.facts()
        known = {person_key(name) for name in facts.people if name not in facts.left}
        new = [name for name in tidy_names(names) if person_key(name) not in known]
        if new:
            steps: list[Step] = [(EventKind.PERSON, {"name": name, "role": JOINED}) for name in new]
            self.controller.act("person joined", steps)
        return new

    def left(self, names: Sequence[str], reason: str = "") -> list[str]:
        """Record as gone those in the room the People… list no longer names; returns them.

        Taken off the list mid-session, a person has left (a break is Step out): the
        record said nothing, and its people were those of the set-up to the end. When
        that leaves the room short of what the protocol asks for, it asks why."""
        if not self.controller.is_open() or self.protocol is None:
            return []
        facts = self.facts()
        listed = {person_key(name) for name in tidy_names(names)}
        here = [name for name in facts.people if name not in facts.left]
        gone = [name for name in here if person_key(name) not in listed]
        if not gone:
            return []
        plan = self.protocol.setup
        before = plan.missing_people([facts.people[name] for name in here])
        after = plan.missing_people([facts.people[name] for name in here if name not in gone])
        short = [need for need in after if need not in before]
        session = self.controller.session
        dosing = session is not None and session.session_type == "dosing"
        if short and dosing and not reason.strip():
            raise NeedsReason(
                f"This protocol asks for {' and '.join(short)} in the room. "
                f"Why go on without {' and '.join(gone)}?"
            )
        steps: list[Step] = [(EventKind.LEFT, {"name": name}) for name in gone]
        if short and reason.strip():
            what = "went on without " + " and ".join(short)
            steps.append((EventKind.OVERRIDE, {"what": what, "reason": reason.strip()}))
        self.controller.act("person left", steps)
        return gone

    def last_team(self) -> dict[str, str]:
        """The set-up's people (name -> role) of this session or, none loaded (a start
        after the last one ended), of the newest in the record; never those who
        joined later, whose role was never given."""
        if self.controller.session is not None:
            people = self.facts().people
        else:
            latest = self.controller.store.latest_session()
            events = self.controller.store.events(latest.id) if latest is not None else []
            people = SessionFacts.from_events(events).people
        return {name: role for name, role in people.items() if role in ROLES}

    def step_out(self, name: str, cover: str) -> None:
        facts = self.facts()
        if name not in facts.people or name in facts.left:
            raise SessionError(f"{name} is not listed in the room.")
        cover = tidy_name(cover)  # as the people list keeps names
        # "jon" typed for Jon, who is in the room, is Jon as the record names him
        cover = next((p for p in facts.people if person_key(p) == person_key(cover)), cover)
        if not cover or person_key(cover) == person_key(name):
            raise SessionError("Say who covers while they are out.")
        if cover in facts.left:
            raise SessionError(f"{cover} has left the session: say who is here to cover.")
        if name in facts.out:
            raise SessionError(f"{name} is already out of the room: Back in first.")
        out = {person_key(away) for away in facts.out}
        if person_key(cover) in out:
            raise SessionError(f"{cover} is out of the room too: say who is here to cover.")
        self.controller.record(EventKind.STEPPED_OUT, {"name": name, "cover": cover})

    def step_back(self, name: str) -> None:
        if name not in self.facts().out:
            raise SessionError(f"{name} is not out of the room.")
        self.controller.record(EventKind.STEPPED_BACK, {"name": name})

    def tick(self, item: str, by: str) -> None:
        """Tick a pre-session checklist item."""
        self._tick(EventKind.CHECKLIST, item, by, self._plan_items("checklist"))

    def vitals_saved(self, by: str) -> None:
        """A vitals set before the dose ticks the protocol's baseline item (once)."""
        protocol, state = self.protocol, self.state()
        if protocol is None or state is None or not state.pre_dose or not self.is_open():
            return
        item = protocol.setup.vitals_tick
        if item and item not in self.facts().checklist:
            self.tick(item, by)

    def tick_discharge(self, item: str, by: str) -> None:
        self._tick(EventKind.DISCHARGE, item, by, self._plan_items("discharge"))

    # -- doses

    def dose(
        self,
        amount: float,
        by: str,
        when: datetime | None = None,
        lot: str = "",
        reason: str = "",
        substance: str = "",
        unit: str = "",
        route: str = "",
    ) -> None:
        protocol = self._protocol()
        plan = protocol.setup.doses
        if not amount > 0:
            raise SessionError("The amount must be more than 0.")
        if plan.ask_lot and not lot.strip():
            raise SessionError("This protocol records the lot number: type it.")
        when = self.controller.dose_time(when)  # an impossible time before any question
        facts, timeline = self.facts(), self.controller.timeline
        first = not facts.doses and timeline is not None and timeline.dose_at is None
        open_items = facts.open_items(protocol.setup.checklist)
        # a slip of the keyboard (1200 for 120) is asked about, with whatever else is asked
        high = above_usual(amount, plan)
        if first and open_items and not reason.strip():
            raise NeedsReason(
                f"{high}{open_items_text(len(open_items))} still open: "
                f"{'; '.join(open_items)}. Why give the dose now?"
            )
        details = {
            "substance": substance or plan.substance or "unspecified",
            "amount": amount,
            "unit": unit or plan.unit,
            "route": route or plan.route,
            "lot": lot.strip(),
            "by": by,
            "first": first,
        }
        outside = "" if first else outside_window(plan, timeline, when)
        if outside and not reason.strip():
            so_far = given_so_far(timeline, facts.doses)
            raise NeedsReason(f"{high}This dose is {outside}.{so_far} Why give it now?")
        if high and not reason.strip():
            raise NeedsReason(f"{high}Check the amount. Why give this much?")
        then: list[Step] = []
        overridden = [f"dose with open checklist: {'; '.join(open_items)}"] if first else []
        overridden = overridden if open_items else []
        overridden += [f"supplemental dose {outside}"] if outside else []
        overridden += [f"dose above the usual: {high.strip()}"] if high else []
        for what in overridden:
            then.append((EventKind.OVERRIDE, {"what": what, "reason": reason.strip()}))
        self.controller.record_dose(when, details, then)

    def total(self) -> float:
        return total_dose(self.facts().doses)

    # -- the close

    def minimum_seconds(self) -> float | None:
        protocol = self._protocol()
        return protocol.setup.doses.minimum_seconds(self.total(), self._first_at_center())

    def end(self, by: str, outcome: str, reason: str = "", ticked: Sequence[str] = ()) -> None:
        """Close the session, with the discharge items ``ticked`` now, as one action.

        Early, or with discharge items open, only with a reason.
        """
        state = self.controller.state()
        if state is None or state.ended:
            raise SessionError("No session is open.")
        protocol = self._protocol()
        who = by.strip()
        if ticked and not who:
            raise SessionError("Say who ticked the discharge items.")
        for item in ticked:
            if item not in protocol.setup.discharge:
                raise SessionError(f"{item!r} is not on this protocol's list.")
        problems = []
        minimum = self.minimum_seconds()
        if minimum is not None and not state.pre_dose and state.elapsed < minimum:
            problems.append(
                f"the minimum length is {duration_text(minimum)} "
                f"(total {self.total():g} {protocol.setup.doses.unit}) and the "
                f"session has run {duration_text(state.elapsed)}"
            )
        if self.clock_doubt and not state.pre_dose:
            problems.append(
                "the computer's clock may be wrong, so the session's length is not sure"
            )
        open_items = [
            item
            for item in self.facts().open_discharge(protocol.setup.discharge)
            if item not in ticked
        ]
        if open_items:
            problems.append(f"discharge items are open: {'; '.join(open_items)}")
        if problems and not reason.strip():
            raise NeedsReason("Ending now: " + ", and ".join(problems) + ". Why end anyway?")
        first: list[Step] = [
            (EventKind.DISCHARGE, {"item": item, "by": who})
            for item in ticked
            if item not in self.facts().discharge
        ]
        if problems:
            what = "ended: " + "; ".join(problems)
            first.append((EventKind.OVERRIDE, {"what": what, "reason": reason.strip()}))
        self.controller.end(reason=f"ended by {by}", outcome=outcome.strip(), first=first)

    # -- reminders for the screen

    def reminders(self, now: datetime) -> list[Reminder]:
        """What the record panel keeps in view: the dose window, the minimum, who is out."""
        state, protocol = self.controller.state(), self.controller.protocol
        if state is None or protocol is None or state.ended:
            return []
        return reminders(state, protocol, self.facts(), self.minimum_seconds(), now)

    # -- inside

    def _protocol(self) -> SessionProtocol:
        if self.controller.protocol is None or not self.controller.is_open():
            raise SessionError("No session is open.")
        return self.controller.protocol

    def _plan_items(self, which: str) -> tuple[str, ...]:
        setup = self._protocol().setup
        return setup.checklist if which == "checklist" else setup.discharge

    def _tick(self, kind: EventKind, item: str, by: str, items: tuple[str, ...]) -> None:
        if item not in items:
            raise SessionError(f"{item!r} is not on this protocol's list.")
        if not by.strip():
            raise SessionError("Say who ticked it.")
        self.controller.record(kind, {"item": item, "by": by.strip()})

    def _first_at_center(self) -> bool:
        """Read from the store once a session (reminders ask it every tick).

        It depends only on the patient's earlier sessions, which are closed and
        do not change while this one runs.
        """
        session = self.controller.session
        if session is None:
            return False
        key = (session.id, session.patient)
        if self._first is None or self._first[0] != key:
            self._first = (key, first_at_center(session, self.controller.store))
        return self._first[1]
