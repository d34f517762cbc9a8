"""The log kept an entry at a time says what the whole log rebuilt says."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pap_guide.core import entries as kinds
from pap_guide.core.entries import Entry, LogLine, build_log
from pap_guide.core.live_log import KEPT_CHANGES, LiveLog

WHEN = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

# one step: (kind of step, which earlier entry, a time, flagged)
steps = st.lists(
    st.tuples(
        st.sampled_from(["note", "vitals", "correct", "strike"]),
        st.integers(0, 1000),
        st.floats(0, 21600, allow_nan=False),
        st.booleans(),
    ),
    max_size=60,
)


def entries_of(plan: list[tuple[str, int, float, bool]]) -> list[Entry]:
    made: list[Entry] = []
    for n, (step, pick, at, flagged) in enumerate(plan, start=1):
        flags = ("high heart rate",) if flagged else ()
        if step in ("correct", "strike") and made:
            old = made[pick % len(made)]
            made.append(
                Entry(old.kind, WHEN, at, None, "Ana", dict(old.data), amends=old.id,
                      struck=step == "strike", reason="why", flags=flags, id=n)
            )  # fmt: skip
        elif step == "vitals":
            made.append(Entry(kinds.VITALS, WHEN, at, None, "Ana", {"heart_rate": 80},
                              flags=flags, id=n))  # fmt: skip
        else:
            made.append(Entry(kinds.NOTE, WHEN, at, None, "Ana", {"text": "x"}, id=n))
    return made


def expected_times(lines: list[LogLine]) -> tuple[float | None, list[float]]:
    live = [ln for ln in lines if ln.original.kind == kinds.VITALS and not ln.struck]
    done = [ln.original.session_seconds or 0.0 for ln in live]
    flagged = sorted(ln.original.session_seconds or 0.0 for ln in live if ln.flagged)
    return (max(done) if done else None), flagged


@settings(max_examples=300, deadline=None)
@given(steps)
def test_added_one_at_a_time_is_the_rebuilt_log(plan: list[tuple[str, int, float, bool]]) -> None:
    made = entries_of(plan)
    log = LiveLog()
    shown: dict[int, LogLine] = {}
    version = log.version
    for entry in made:
        log.add(entry)
        changed = log.changed_since(version)
        if changed is None:  # the view redraws everything
            shown = {ln.original.id or 0: ln for ln in log.lines}
        else:
            shown.update({ln.original.id or 0: ln for ln in changed})
        version = log.version
        rebuilt = build_log(list(log.entries))
        assert log.lines == rebuilt
        assert sorted(shown.values(), key=lambda ln: -(ln.original.id or 0)) == rebuilt
        latest, flagged = expected_times(rebuilt)
        assert log.latest_check() == latest
        assert log.flagged_times() == flagged


def test_a_correction_replaces_its_line_and_says_so() -> None:
    note = Entry(kinds.NOTE, WHEN, 10.0, None, "Ana", {"text": "a"}, id=1)
    other = Entry(kinds.NOTE, WHEN, 20.0, None, "Ana", {"text": "b"}, id=2)
    log = LiveLog([note, other])
    before = log.version
    fixed = Entry(kinds.NOTE, WHEN, 30.0, None, "Jo", {"text": "A"}, amends=1, reason="typo", id=3)
    line = log.add(fixed)
    assert line.original == note and line.current == fixed
    assert log.changed_since(before) == [line]
    assert [ln.original.id for ln in log.lines] == [2, 1]


def test_a_view_far_behind_is_told_to_redraw_everything() -> None:
    log = LiveLog()
    start = log.version
    for n in range(1, KEPT_CHANGES + 2):
        log.add(Entry(kinds.NOTE, WHEN, float(n), None, "Ana", {"text": "x"}, id=n))
    assert log.changed_since(start) is None
    assert log.changed_since(log.version) == []
    assert len(log.lines) == KEPT_CHANGES + 1


def test_an_entry_older_than_the_newest_rebuilds_in_order() -> None:
    log = LiveLog([Entry(kinds.NOTE, WHEN, 1.0, None, "Ana", {"text": "x"}, id=5)])
    before = log.version
    log.add(Entry(kinds.NOTE, WHEN, 1.0, None, "Ana", {"text": "y"}, id=3))
    assert [ln.original.id for ln in log.lines] == [5, 3]
    assert log.changed_since(before) is None


def test_a_reading_saved_before_a_backdated_dose_counts_at_its_time_after_it():
    """Saved pre-dose (no session time) but after the time the dose was given, as
    the log shows it (T+0:05†): the due check reads it there, not at T+0."""
    from datetime import timedelta

    baseline = Entry(kinds.VITALS, WHEN, None, None, "Ana", {"heart_rate": 80}, id=1)
    flagged = Entry(kinds.VITALS, WHEN + timedelta(minutes=10), None, None, "Ana",
                    {"heart_rate": 150}, flags=("high heart rate",), id=2)  # fmt: skip
    log = LiveLog([baseline, flagged])
    assert (log.latest_check(), log.flagged_times()) == (0.0, [0.0])  # no dose yet
    given_at, entered = WHEN + timedelta(minutes=5), WHEN + timedelta(minutes=20)
    log.set_dose(given_at, entered)
    assert (log.latest_check(), log.flagged_times()) == (300.0, [300.0])
    assert log.placed(baseline) == 0.0  # before the dose was given: the baseline
    log.set_dose(given_at, WHEN + timedelta(minutes=8))  # entered before it was saved:
    assert log.flagged_times() == [0.0]  # a clock moved back, not a backdated dose
