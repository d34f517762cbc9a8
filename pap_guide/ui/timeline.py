"""The phase timeline: every phase as a band, the session's place on it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState, plan_spans
from pap_guide.core.timefmt import clock_text
from pap_guide.ui.theme import NIGHT, Theme


class PhaseTimeline(QWidget):
    """Paints the phases of a protocol as bands with the current time marked.

    Signals: none; it is redrawn with :meth:`show_state`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseTimeline")
        self.setAccessibleName("Phase timeline")
        self.setMinimumHeight(92)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.theme: Theme = NIGHT
        self.protocol: SessionProtocol | None = None
        self.state: SessionState | None = None

    def show_state(self, protocol: SessionProtocol | None, state: SessionState | None) -> None:
        self.protocol, self.state = protocol, state
        self.setAccessibleDescription(self._describe())
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _describe(self) -> str:
        if self.protocol is None:
            return "No session"
        spans = plan_spans(self.protocol, self.state)
        return "; ".join(f"{span.name} from {clock_text(span.start)}" for span in spans)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.protocol is None:
            painter.end()
            return
        t = self.theme
        spans = plan_spans(self.protocol, self.state)
        end = spans[-1].end if spans else self.protocol.planned_length
        elapsed = self.state.elapsed if self.state and not self.state.pre_dose else 0.0
        span = max(end, elapsed) or 1.0
        left, width = 8.0, self.width() - 16.0
        top, bar_h = 22.0, 34.0

        def x_of(seconds: float) -> float:
            return left + width * seconds / span

        small = QFont(self.font())
        small.setPixelSize(13)
        painter.setFont(small)
        for i, phase in enumerate(spans):
            start, stop = phase.start, phase.end
            rect = QRectF(x_of(start), top, x_of(stop) - x_of(start) - 2, bar_h)
            current = self.state is not None and self.state.phase_index == i
            colour = QColor(t.phase_colours[i % len(t.phase_colours)])
            painter.fillRect(rect, colour.lighter(125) if current else colour)
            painter.setPen(QColor(t.text if current else t.muted))
            painter.drawText(
                rect.adjusted(6, 0, -4, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                phase.name,
            )
            painter.drawText(
                QRectF(x_of(start), top + bar_h + 4, 90, 18),
                Qt.AlignmentFlag.AlignLeft,
                clock_text(start, seconds=False),
            )
        if elapsed > end:
            over = QRectF(x_of(end), top, x_of(elapsed) - x_of(end), bar_h)
            painter.fillRect(over, QColor(t.alert).darker(180))
        painter.setPen(QPen(QColor(t.muted), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(x_of(end)), int(top - 6), int(x_of(end)), int(top + bar_h + 4))
        painter.drawText(
            QRectF(x_of(end) - 96, 0, 92, 18),
            Qt.AlignmentFlag.AlignRight,
            f"end {clock_text(end, seconds=False)}",
        )
        if self.state is not None and not self.state.pre_dose:
            x = x_of(elapsed)
            painter.setPen(QPen(QColor(t.now_marker), 3))
            painter.drawLine(int(x), int(top - 8), int(x), int(top + bar_h + 8))
        painter.end()
