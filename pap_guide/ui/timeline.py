"""The phase timeline: every phase as a band, the session's place on it.

A phase name that does not fit its band is drawn shortened inside it and in
full on a row of its own below the times, so no name is ever cut off. A phase
with almost no band (moved past at once) has no name drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import PhaseSpan, SessionState, plan_spans
from pap_guide.core.timefmt import clock_text
from pap_guide.ui.theme import NIGHT, Theme

NAME_PX = 15  # phase names, in the bands and below them
TIME_PX = 14  # start times under the bands and the planned end above
MARGIN = 8.0  # left and right of the bar
BAR_TOP, BAR_H = 20.0, 32.0
TIMES_TOP, TIMES_H = BAR_TOP + BAR_H + 2, 18.0
NAMES_TOP, ROW_H = TIMES_TOP + TIMES_H, 19.0  # rows of full names below the times
PAD = 6.0  # inside a band, left of its name
GAP = 12.0  # between two full names on one row
# a band narrower than this gets no name: a phase moved past at once (Next phase
# seconds in) has no band to speak of, and its name under the bar pointed at nothing
# (several stacked there, and the clock above shrank to make room)
MIN_NAMED = 4.0


@dataclass(frozen=True)
class PhaseLabel:
    """Where one phase name is drawn and what is drawn there.

    Attributes:
        phase: the index of the phase.
        name: the phase's full name.
        text: what is drawn: ``name`` itself, or a shortened ``name`` ending in "…".
        rect: where, in widget coordinates.
        in_band: inside the phase's band (True) or on a row below the times.
    """

    phase: int
    name: str
    text: str
    rect: QRectF
    in_band: bool


class PhaseTimeline(QWidget):
    """Paints the phases of a protocol as bands with the current time marked.

    Signals: none; it is redrawn with :meth:`show_state`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseTimeline")
        self.setAccessibleName("Phase timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.theme: Theme = NIGHT
        self.protocol: SessionProtocol | None = None
        self.state: SessionState | None = None
        self._drawn: tuple[object, ...] | None = None  # what the last show_state drew
        # (protocol, its phase starts and planned end, the spans, the end) last worked out
        self._plan: tuple[SessionProtocol, object, tuple[PhaseSpan, ...], float] | None = None
        self.setMinimumHeight(self.height_for(self.width()))

    def show_state(self, protocol: SessionProtocol | None, state: SessionState | None) -> None:
        """Repainted only when a pixel would change: the now-marker moves one about every 36 s."""
        self.protocol, self.state = protocol, state
        plan = (
            id(protocol),
            None if state is None else replace(state, elapsed=0.0),
            self.width(),
        )
        drawn = (*plan, *self._pixels())
        if drawn == self._drawn:
            return
        if self._drawn is None or self._drawn[:3] != plan:
            self.setAccessibleDescription(self._describe())
        self._drawn = drawn
        self._fit_height()
        self.update()

    def _pixels(self) -> tuple[int | None, int]:
        """The now-marker's and the planned end's pixel columns (the end moves when overrun)."""
        x = self.now_x()
        _, end, total = self._spans()
        return (None if x is None else int(x), int(self._x(end, float(self.width()), total)))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._drawn = None
        self.update()

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(560, self.height_for(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        needed = self.height_for(self.width())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            self.updateGeometry()

    def height_for(self, width: int) -> int:
        """The height that shows every label at ``width``: at least one row of full names."""
        rows = max((self._row_of(label) for label in self.label_rects(width)), default=0)
        return int(NAMES_TOP + ROW_H * max(1, rows + 1) + 1)

    @staticmethod
    def _row_of(label: PhaseLabel) -> int:
        if label.in_band:
            return -1
        return round((label.rect.top() - NAMES_TOP) / ROW_H)

    def _describe(self) -> str:
        if self.protocol is None:
            return "No session"
        spans = plan_spans(self.protocol, self.state)
        return "; ".join(f"{span.name} from {clock_text(span.start)}" for span in spans)

    def name_font(self, current: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(NAME_PX)
        font.setBold(current)
        return font

    def time_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(TIME_PX)
        return font

    def band_colour(self, index: int) -> QColor:
        """The colour of phase ``index``'s band; the current phase's stands out a little."""
        colours = self.theme.phase_colours
        colour = QColor(colours[index % len(colours)])
        if not self.is_current(index):
            return colour
        return colour.lighter(115) if self.theme.name == "night" else colour.darker(107)

    def is_current(self, index: int) -> bool:
        return self.state is not None and self.state.phase_index == index

    def _spans(self) -> tuple[tuple[PhaseSpan, ...], float, float]:
        """The phases, the planned end and the length of the bar, in session seconds."""
        if self.protocol is None:
            return (), 0.0, 1.0
        protocol, state = self.protocol, self.state
        key = None if state is None else (state.phase_starts, state.planned_end)
        plan = self._plan
        if plan is None or plan[0] is not protocol or plan[1] != key:
            # the plan moves only with an event: worked out again only then
            spans = plan_spans(protocol, state)
            plan = (protocol, key, spans, spans[-1].end if spans else protocol.planned_length)
            self._plan = plan
        _, _, spans, end = plan
        return spans, end, max(end, self._elapsed()) or 1.0

    def _elapsed(self) -> float:
        return self.state.elapsed if self.state and not self.state.pre_dose else 0.0

    def band_rects(self, width: int | None = None) -> list[QRectF]:
        """Each phase's band at ``width`` (the widget's own width by default)."""
        spans, _, total = self._spans()
        w = float(self.width() if width is None else width)
        return [
            QRectF(
                self._x(s.start, w, total),
                BAR_TOP,
                self._x(s.end, w, total) - self._x(s.start, w, total) - 2,
                BAR_H,
            )
            for s in spans
        ]

    @staticmethod
    def _x(seconds: float, width: float, total: float) -> float:
        return MARGIN + (width - 2 * MARGIN) * seconds / total

    def label_rects(self, width: int | None = None) -> list[PhaseLabel]:
        """Every phase name as painted at ``width``: in its band, and in full below when shortened.

        The widths come from the same fonts :meth:`paintEvent` draws with.
        """
        spans, _, _ = self._spans()
        w = float(self.width() if width is None else width)
        labels: list[PhaseLabel] = []
        rows: list[list[QRectF]] = []
        for i, (span, band) in enumerate(zip(spans, self.band_rects(int(w)), strict=True)):
            if band.width() < MIN_NAMED:
                continue
            metrics = QFontMetricsF(self.name_font(self.is_current(i)))
            inside = band.adjusted(PAD, 0, -4, 0)
            full = metrics.horizontalAdvance(span.name)
            if full <= inside.width():
                labels.append(PhaseLabel(i, span.name, span.name, inside, True))
                continue
            short = metrics.elidedText(span.name, Qt.TextElideMode.ElideRight, inside.width())
            if short:
                labels.append(PhaseLabel(i, span.name, short, inside, True))
            labels.append(self._below(i, span.name, band, full + 1, w, rows))
        return labels

    @staticmethod
    def _below(
        index: int, name: str, band: QRectF, size: float, width: float, rows: list[list[QRectF]]
    ) -> PhaseLabel:
        """A full name under its band (kept inside the widget), on the first row with room."""
        x = min(max(band.left(), 0.0), width - size)
        for row, taken in enumerate([*rows, []]):
            rect = QRectF(x, NAMES_TOP + row * ROW_H, size, ROW_H)
            room = rect.adjusted(-GAP, 0, GAP, 0)
            if not any(room.intersects(other) for other in taken):
                if row == len(rows):
                    rows.append([])
                rows[row].append(rect)
                return PhaseLabel(index, name, name, rect, False)
        raise AssertionError("unreachable: a new row always has room")

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(self.theme.background))
        if self.protocol is not None:
            self._paint_bands(painter)
            self._paint_times(painter)
            self._paint_marks(painter)
        painter.end()

    def _paint_bands(self, painter: QPainter) -> None:
        for i, band in enumerate(self.band_rects()):
            painter.fillRect(band, self.band_colour(i))
        painter.setPen(QColor(self.theme.text))
        for label in self.label_rects():
            painter.setFont(self.name_font(self.is_current(label.phase)))
            painter.drawText(
                label.rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label.text,
            )

    def time_labels(self, width: int | None = None) -> list[tuple[str, QRectF]]:
        """Each phase's start time as painted under the bar at ``width``.

        A start too close to the one before is left out rather than drawn over it.
        """
        spans, _, _ = self._spans()
        w = float(self.width() if width is None else width)
        metrics = QFontMetricsF(self.time_font())
        found: list[tuple[str, QRectF]] = []
        taken = 0.0
        for span, band in zip(spans, self.band_rects(int(w)), strict=True):
            text = clock_text(span.start, seconds=False)
            size = metrics.horizontalAdvance(text) + 1
            x = min(band.left(), w - size)
            if x >= taken:
                found.append((text, QRectF(x, TIMES_TOP, size, TIMES_H)))
                taken = x + size + GAP
        return found

    def _paint_times(self, painter: QPainter) -> None:
        painter.setFont(self.time_font())
        painter.setPen(QColor(self.theme.muted))
        for text, rect in self.time_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, text)

    def now_x(self, width: int | None = None) -> float | None:
        """Where the line marking the present is drawn; None before the dose."""
        if self.state is None or self.state.pre_dose:
            return None
        _, _, total = self._spans()
        return self._x(self._elapsed(), float(self.width() if width is None else width), total)

    def _paint_marks(self, painter: QPainter) -> None:
        t = self.theme
        _, end, total = self._spans()
        w = float(self.width())
        elapsed = self._elapsed()
        x_end = self._x(end, w, total)
        if elapsed > end:
            over = QRectF(x_end, BAR_TOP, self._x(elapsed, w, total) - x_end, BAR_H)
            painter.fillRect(over, QColor(t.alert).darker(180))
        painter.setPen(QPen(QColor(t.muted), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(x_end), int(BAR_TOP - 6), int(x_end), int(BAR_TOP + BAR_H + 4))
        painter.setFont(self.time_font())
        painter.drawText(
            QRectF(x_end - 120, 0, 116, 18),
            Qt.AlignmentFlag.AlignRight,
            f"end {clock_text(end, seconds=False)}",
        )
        x = self.now_x()
        if x is not None:
            painter.setPen(QPen(QColor(t.now_marker), 3))
            painter.drawLine(int(x), int(BAR_TOP - 6), int(x), int(BAR_TOP + BAR_H + 2))
