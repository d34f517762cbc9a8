"""The moment kept beside the records: taken only when it lies in the run it is from."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pap_guide.core.actions import Stamp
from pap_guide.core.alive import ALIVE_SECONDS, AliveNotes, last_alive, latest_known, note_alive
from pap_guide.core.clock import FakeClock
from pap_guide.core.session import SessionState

T0 = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
LAST = Stamp(T0, 600.0, "Onset", "boot-a", 1000.0)


def at(minutes: float, seconds: float | None) -> Stamp:
    return Stamp(T0 + timedelta(minutes=minutes), seconds, "Peak")


def test_a_later_moment_in_the_run_is_taken():
    alive = at(20, 600.0 + 20 * 60)
    assert latest_known(LAST, alive, T0 + timedelta(minutes=25)) == alive


def test_moments_outside_the_run_are_not_taken():
    now = T0 + timedelta(minutes=25)
    assert latest_known(LAST, None, now) == LAST
    assert latest_known(LAST, at(-1, 540.0), now) == LAST  # before the last action
    assert latest_known(LAST, at(30, 2400.0), now) == LAST  # after now: a clock set back
    assert latest_known(LAST, at(10, 300.0), now) == LAST  # the session's clock went back
    assert latest_known(LAST, at(10, None), now) == LAST  # undosed, after a dose
    assert latest_known(LAST, at(10, 1e7), now) == LAST  # 115 days on in ten minutes
    assert latest_known(LAST, at(10, 600.0 + 600), now) == at(10, 1200.0)
    rehearsal = latest_known(LAST, at(10, 600.0 + 6000), now, speed=10.0)
    assert rehearsal == at(10, 6600.0)  # a rehearsal's session runs ten times as fast


@given(minutes=st.floats(-120, 120), seconds=st.one_of(st.none(), st.floats(-1e6, 1e6)))
def test_never_earlier_than_the_last_action(minutes, seconds):
    now = T0 + timedelta(minutes=25)
    found = latest_known(LAST, at(minutes, seconds), now)
    assert LAST.utc <= found.utc <= now
    assert found.session_seconds is not None and found.session_seconds >= 600.0


def test_the_file_is_read_back_for_its_session_only(tmp_path):
    path = tmp_path / "pap-guide.alive"
    note_alive(path, 3, at(5, 900.0))
    assert last_alive(path, 3) == at(5, 900.0)
    assert last_alive(path, 4) is None
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_broken_or_missing_file_is_nothing(tmp_path):
    path = tmp_path / "pap-guide.alive"
    assert last_alive(path, 1) is None
    moment = '{"session": 1, "utc": "%s", "session_seconds": %s, "phase": null}'
    for text in ("", "{", "[]", '{"session": 1}', moment % ("soon", 1), "\xff\xfe",
                 moment % ("2026-12-07T10:00:00", 1),  # no time zone: cannot be compared
                 moment % ("2026-12-07T10:00:00+00:00", "NaN"),
                 moment % ("2026-12-07T10:00:00+00:00", "Infinity")):  # fmt: skip
        path.write_text(text, encoding="latin-1")
        assert last_alive(path, 1) is None, text


def test_noted_every_alive_seconds_while_a_dosed_session_runs(tmp_path):
    clock, ticks = FakeClock(), [0.0]
    path = tmp_path / "pap-guide.alive"
    notes = AliveNotes(path, clock, lambda: ticks[0])
    state = SessionState(False, False, 60.0, 0, "Onset", 0.0, 1800.0, 21600.0, (0.0,))
    notes.tick(None, state)
    assert not path.exists()  # no session
    notes.tick(1, state)
    first = last_alive(path, 1)
    assert first is not None and first.session_seconds == 60.0
    clock.advance(5)
    ticks[0] += ALIVE_SECONDS / 2
    notes.tick(1, state)
    assert last_alive(path, 1) == first  # not yet
    ticks[0] += ALIVE_SECONDS / 2
    notes.tick(1, state)
    assert last_alive(path, 1).utc == clock.now()
