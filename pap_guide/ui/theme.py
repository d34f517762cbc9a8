"""Night and day themes: colours chosen for a dim room.

The night theme has no white and nothing saturated: warm dark greys with
muted amber text, so a glance at the laptop does not dazzle anyone whose
eyes have adjusted to the dark.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    alert: str
    phase_colours: tuple[str, ...]
    now_marker: str


NIGHT = Theme(
    name="night",
    background="#121110",
    surface="#1d1b19",
    text="#c8b9a2",
    muted="#7d7466",
    accent="#b08a4f",
    alert="#b5604f",
    phase_colours=("#2f3a45", "#4a3a52", "#2f4a42", "#4a4333", "#3d3a36"),
    now_marker="#d0a868",
)

DAY = Theme(
    name="day",
    background="#efe9df",
    surface="#e2dacd",
    text="#2a2723",
    muted="#6b645a",
    accent="#8a5a1c",
    alert="#a13b2a",
    phase_colours=("#a8bccc", "#c4aed0", "#a9cbbd", "#d8cba5", "#c9c2b8"),
    now_marker="#8a3c12",
)

THEMES = {theme.name: theme for theme in (NIGHT, DAY)}


def stylesheet(theme: Theme) -> str:
    """The application style sheet for ``theme``."""
    t = theme
    return f"""
    QWidget {{ background: {t.background}; color: {t.text}; font-size: 15px; }}
    QLabel#sessionClock {{ font-size: 96px; font-weight: 300; color: {t.text};
        font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; }}
    QLabel#phaseName {{ font-size: 34px; color: {t.accent}; }}
    QLabel#phaseDetail, QLabel#sessionInfo {{ color: {t.muted}; font-size: 16px; }}
    QLabel#overrunLabel {{ color: {t.alert}; font-size: 18px; }}
    QLabel#nowPlaying {{ color: {t.text}; }}
    QLineEdit {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.muted};
        border-radius: 3px; padding: 4px; }}
    QLineEdit:focus {{ border: 2px solid {t.accent}; }}
    QLineEdit[invalid="true"] {{ border: 2px solid {t.alert}; }}
    QLabel#noteError, QLabel#vitalsError, QLabel#ratingError {{ color: {t.alert}; }}
    QLabel#nextCheckLabel {{ color: {t.text}; font-size: 16px; padding: 4px; }}
    QLabel#nextCheckLabel[overdue="true"] {{ color: {t.alert}; border: 2px solid {t.alert};
        border-radius: 4px; }}
    QTabWidget::pane {{ border: 1px solid {t.surface}; }}
    QTabBar::tab {{ background: {t.surface}; color: {t.muted}; padding: 6px 14px; }}
    QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
    QTreeWidget {{ background: {t.background}; alternate-background-color: {t.surface};
        color: {t.text}; border: 1px solid {t.surface}; }}
    QTreeWidget::item:selected {{ background: {t.muted}; color: {t.background}; }}
    QHeaderView::section {{ background: {t.surface}; color: {t.muted}; border: none;
        padding: 4px; }}
    QCheckBox {{ color: {t.text}; }}
    QCheckBox::indicator {{ width: 14px; height: 14px; border: 1px solid {t.text};
        border-radius: 2px; background: {t.surface}; }}
    QCheckBox::indicator:checked {{ background: {t.accent}; }}
    QSlider::groove:horizontal {{ height: 6px; background: {t.surface}; border-radius: 3px; }}
    QSlider::sub-page:horizontal {{ background: {t.muted}; border-radius: 3px; }}
    QSlider::handle:horizontal {{ background: {t.accent}; width: 14px; margin: -5px 0;
        border-radius: 7px; }}
    QSlider:focus {{ border: 1px solid {t.accent}; }}
    QLabel#musicMessage {{ color: {t.alert}; }}
    QLabel#problemBanner, QLabel#audioWarning {{ background: {t.surface}; color: {t.alert};
        border: 1px solid {t.alert}; border-radius: 4px; padding: 6px; }}
    QPushButton, QComboBox, QSpinBox {{ background: {t.surface}; color: {t.text};
        border: 1px solid {t.muted}; border-radius: 4px; padding: 6px 12px; min-height: 26px; }}
    QPushButton:hover {{ border-color: {t.accent}; }}
    QPushButton:checked {{ border: 2px solid {t.accent}; color: {t.accent}; }}
    QPushButton:focus, QComboBox:focus, QSpinBox:focus {{ border: 2px solid {t.accent}; }}
    QPushButton:disabled {{ color: {t.muted}; border-color: {t.surface}; }}
    QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text};
        selection-background-color: {t.muted}; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.muted}; }}
    QStatusBar {{ color: {t.muted}; }}
    """
