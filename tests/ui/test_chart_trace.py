"""A thinned trace draws what every point draws: each column's lowest and highest."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pap_guide.core import entries as kinds
from pap_guide.core.entries import Entry
from pap_guide.core.live_log import LiveLog
from pap_guide.ui.chart_trace import Trace
from pap_guide.ui.vitals_chart import VitalsChart

WHEN = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

values = st.lists(st.floats(30, 220, allow_nan=False), min_size=1, max_size=400)


def columns_of(points, columns: int, span: float) -> dict[int, tuple[float, float]]:
    found: dict[int, list[float]] = defaultdict(list)
    for x, y in points:
        found[int(x / span * columns)].append(y)
    return {c: (min(ys), max(ys)) for c, ys in found.items()}


@settings(max_examples=200, deadline=None)
@given(values, st.integers(1, 60))
def test_added_one_by_one_draws_as_all_at_once(ys: list[float], columns: int) -> None:
    points = [(i / 100, y) for i, y in enumerate(ys)]
    span = max(len(ys) / 100, 0.01)
    one_by_one, at_once = Trace(columns, span), Trace(columns, span)
    for x, y in points:
        at = one_by_one.add(x, y)
        assert at is not None and 0 <= at <= len(one_by_one.drawn)
    at_once.set(points)
    assert one_by_one.drawn == at_once.drawn
    if at_once.decimated:
        assert len(at_once.drawn) <= 2 * columns + 2
        assert columns_of(at_once.drawn, columns, span) == columns_of(points, columns, span)
    else:
        assert at_once.drawn == points


def test_six_hours_of_seconds_become_two_points_a_column() -> None:
    trace = Trace(columns=600, span=6.0)
    trace.set([(s / 3600, 100 + (s % 7)) for s in range(6 * 3600)])
    assert trace.decimated and len(trace.drawn) <= 1200
    assert min(y for _, y in trace.drawn) == 100 and max(y for _, y in trace.drawn) == 106


def test_a_wider_plot_draws_more_points_and_an_earlier_point_asks_for_a_redraw() -> None:
    trace = Trace(columns=100, span=6.0)
    trace.set([(s / 3600, float(s % 13)) for s in range(0, 6 * 3600, 5)])
    narrow = len(trace.drawn)
    assert trace.fit(400, 6.0) and len(trace.drawn) > narrow
    assert not trace.fit(400, 6.0)
    assert trace.add(1.0, 5.0) is None


class Book:
    """What the chart reads of a logbook: its lines, its version, what changed."""

    def __init__(self) -> None:
        self.log = LiveLog()

    @property
    def version(self) -> int:
        return self.log.version

    def changed_since(self, version: int):  # type: ignore[no-untyped-def]
        return self.log.changed_since(version)

    def lines(self):  # type: ignore[no-untyped-def]
        return self.log.lines

    @property
    def dose(self):  # type: ignore[no-untyped-def]
        return self.log.dose


def reading(n: int, seconds: float, heart_rate: int, flags: tuple[str, ...] = ()) -> Entry:
    values = {"heart_rate": heart_rate, "systolic": 120 + n % 9, "diastolic": 80}
    data = {"values": values, "entered": {}}
    return Entry(kinds.VITALS, WHEN, seconds, None, "Ana", data, flags=flags, id=n)


def drawn(chart: VitalsChart) -> dict[str, list[tuple[float, float]]]:
    return {k: [(p.x(), p.y()) for p in s.points()] for k, s in chart.series.items()}


def test_readings_followed_one_by_one_draw_what_a_whole_redraw_draws(qtbot) -> None:
    following, whole = VitalsChart(), VitalsChart()
    for chart in (following, whole):
        qtbot.addWidget(chart)
        chart.resize(660, 330)
    book = Book()
    following.follow(None, None, book, [0.0])  # type: ignore[arg-type]
    ids = iter(range(1, 10**6))
    redraws = []
    show_data = following.show_data
    following.show_data = lambda *a, **k: (redraws.append(1), show_data(*a, **k))  # type: ignore[method-assign]
    for n in range(1, 1500):
        book.log.add(reading(next(ids), n * 13.0, 60 + n % 40))
        if n % 100 == 0:  # a note now and then changes nothing drawn
            note = Entry(kinds.NOTE, WHEN, n * 13.0, None, "Ana", {"text": "x"}, id=next(ids))
            book.log.add(note)
        following.follow(None, None, book, [0.0])  # type: ignore[arg-type]
    assert following.traces["heart_rate"].decimated
    assert len(redraws) < 5  # the readings were added, not the whole chart drawn again
    whole.show_data(None, None, list(book.lines()), [0.0])
    assert drawn(following) == drawn(whole)
    assert following.reading_before(5.0) == whole.reading_before(5.0)


def test_an_amended_reading_redraws_and_a_tick_with_nothing_new_touches_nothing(qtbot) -> None:
    chart = VitalsChart()
    qtbot.addWidget(chart)
    book = Book()
    for n in range(1, 20):
        book.log.add(reading(n, n * 60.0, 70))
    chart.follow(None, None, book, [0.0])  # type: ignore[arg-type]
    changes = []
    chart.series["heart_rate"].pointsReplaced.connect(lambda: changes.append(1))
    chart.follow(None, None, book, [0.0])  # type: ignore[arg-type]
    assert changes == []
    struck = Entry(kinds.VITALS, WHEN, 300.0, None, "Jo", {"values": {}}, amends=5,
                   struck=True, reason="wrong patient", id=100)  # fmt: skip
    book.log.add(struck)
    chart.follow(None, None, book, [0.0])  # type: ignore[arg-type]
    assert changes and chart.series["heart_rate"].count() == 18


def test_readings_of_one_second_keep_the_order_they_were_taken_in() -> None:
    one_by_one, at_once = Trace(600, 6.0), Trace(600, 6.0)
    points = [(1.0, 100.0), (1.0, 60.0), (2.0, 80.0)]
    for x, y in points:
        one_by_one.add(x, y)
    at_once.set(points)
    assert at_once.drawn == one_by_one.drawn == points
