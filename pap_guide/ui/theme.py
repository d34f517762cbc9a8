"""Night and day themes: colours chosen for a dim room.

The night theme has no white and nothing saturated: warm dark greys with
muted amber text, so a glance at the laptop does not dazzle anyone whose
eyes have adjusted to the dark. Selections and focus are marked by a dark
warm band and a calm border, never by a bright fill.

Every text colour meets WCAG AA (4.5:1) against each background it is drawn
on (background, surface, selection and the phase bands); borders of controls
and check boxes meet 3:1 (WCAG 1.4.11); disabled text stays at 3:1 or more.
``tests/ui/test_theme_colours.py`` checks the numbers, ``tests/ui/test_contrast.py``
the rendered window.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """The colours of one theme.

    Attributes:
        background: the window.
        surface: controls, tabs, headers and every other log row.
        text: body text.
        muted: secondary text (still 4.5:1 on background, surface and selection).
        accent: the phase name, focus borders, a ticked box.
        alert: flagged entries, errors, the overdue check.
        selection: the selected row or text: dark, with ``text`` on it.
        border: outlines of controls and check boxes (3:1 or more).
        disabled: text of disabled controls (3:1 or more, WCAG exempts them).
        phase_colours: the timeline's bands, in phase order (repeating).
        now_marker: the timeline's line at the session's present.
    """

    name: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    alert: str
    selection: str
    border: str
    disabled: str
    phase_colours: tuple[str, ...]
    now_marker: str


NIGHT = Theme(
    name="night",
    background="#121110",
    surface="#1d1b19",
    text="#c8b9a2",
    muted="#a39784",
    accent="#b58f55",
    alert="#d07c68",
    selection="#30291f",
    border="#8a7f6e",
    disabled="#7a7164",
    phase_colours=("#2a333c", "#3d3243", "#29403a", "#403a2c", "#36332f"),
    now_marker="#d0a868",
)

DAY = Theme(
    name="day",
    background="#efe9df",
    surface="#e2dacd",
    text="#2a2723",
    muted="#554e45",
    accent="#744810",
    alert="#963526",
    selection="#d8ccb6",
    border="#73695c",
    disabled="#6f675b",
    phase_colours=("#b6c6d3", "#cdbbd7", "#b7d3c7", "#ddd2b2", "#d2ccc3"),
    now_marker="#8a3c12",
)

THEMES = {theme.name: theme for theme in (NIGHT, DAY)}

# Pixel sizes read from 1-2 metres: the clock and the phase at a glance, the
# next check and the reminders next, then the track, then everything else.
CLOCK_PX = 80
PHASE_PX = 34
NEXT_CHECK_PX = 22
REMINDERS_PX = 20
NOW_PLAYING_PX = 18
PHASE_DETAIL_PX = 18
LOG_PX = 16
BODY_PX = 15


def stylesheet(theme: Theme) -> str:
    """The application style sheet for ``theme``."""
    return "".join(
        (
            _text_rules(theme),
            _input_rules(theme),
            _view_rules(theme),
            _indicator_rules(theme),
            _button_rules(theme),
            _dialog_rules(),
        )
    )


def _text_rules(t: Theme) -> str:
    return f"""
    QWidget {{ background: {t.background}; color: {t.text}; font-size: {BODY_PX}px;
        selection-background-color: {t.selection}; selection-color: {t.text}; }}
    QLabel#sessionClock {{ font-size: {CLOCK_PX}px; font-weight: 300; color: {t.text};
        font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; }}
    QLabel#phaseName {{ font-size: {PHASE_PX}px; color: {t.accent}; }}
    QLabel#phaseDetail {{ color: {t.text}; font-size: {PHASE_DETAIL_PX}px; }}
    QLabel#sessionInfo {{ color: {t.muted}; font-size: 16px; }}
    QLabel#overrunLabel {{ color: {t.alert}; font-size: 18px; }}
    QLabel#nowPlaying, QLabel#musicStarting {{ color: {t.text}; font-size: {NOW_PLAYING_PX}px; }}
    QLabel#remindersLabel {{ color: {t.text}; font-size: {REMINDERS_PX}px; }}
    QLabel[error="true"], QLabel#musicMessage {{ color: {t.alert}; }}
    QLabel#nextCheckLabel {{ color: {t.text}; font-size: {NEXT_CHECK_PX}px; padding: 4px; }}
    QLabel#nextCheckLabel[overdue="true"] {{ color: {t.alert}; border: 2px solid {t.alert};
        border-radius: 4px; }}
    QLabel#problemBanner, QLabel#audioWarning {{ background: {t.surface}; color: {t.alert};
        border: 1px solid {t.alert}; border-radius: 4px; padding: 2px 6px; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; }}
    QStatusBar {{ color: {t.muted}; }}
    """


def _input_rules(t: Theme) -> str:
    """A line field holds whatever is pasted into it: Qt's default cut at 32,767
    characters dropped the rest of a long paste unseen, while the form's own limit
    says "too long" beside the field and keeps what was typed."""
    return f"""
    QLineEdit {{ qproperty-maxLength: 1048576; }}
    QLineEdit, QPlainTextEdit, QTextEdit {{ background: {t.surface}; color: {t.text};
        border: 1px solid {t.border}; border-radius: 3px; padding: 4px;
        placeholder-text-color: {t.muted}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {t.accent}; }}
    QLineEdit[invalid="true"], QAbstractSpinBox[invalid="true"] {{
        border: 2px solid {t.alert}; }}
    QLineEdit:disabled {{ color: {t.disabled}; background: {t.background};
        border: 1px dashed {t.disabled}; }}
    QSlider::groove:horizontal {{ height: 6px; background: {t.surface}; border: 1px solid
        {t.border}; border-radius: 3px; }}
    QSlider::sub-page:horizontal {{ background: {t.muted}; border-radius: 3px; }}
    QSlider::handle:horizontal {{ background: {t.accent}; width: 14px; margin: -5px 0;
        border-radius: 7px; }}
    QSlider:focus {{ border: 1px solid {t.accent}; }}
    """


def _view_rules(t: Theme) -> str:
    return f"""
    QTabWidget::pane {{ border: 1px solid {t.surface}; }}
    QTabBar::tab {{ background: {t.surface}; color: {t.muted}; padding: 6px 14px;
        min-height: 30px; }}
    QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
    QAbstractItemView {{ background: {t.background}; alternate-background-color: {t.surface};
        color: {t.text}; border: 1px solid {t.surface}; outline: 0;
        selection-background-color: {t.selection}; selection-color: {t.text}; }}
    QAbstractItemView:focus {{ border: 1px solid {t.accent}; }}
    QTreeWidget {{ font-size: {LOG_PX}px; }}
    QAbstractItemView::item {{ border-top: 1px solid transparent;
        border-bottom: 1px solid transparent; padding: 0 5px; }}
    QListWidget::item {{ padding: 3px 5px; }}
    QAbstractItemView::item:hover {{ background: {t.surface}; color: {t.text}; }}
    QAbstractItemView::item:selected {{ background: {t.selection}; color: {t.text};
        border-top: 1px solid {t.border}; border-bottom: 1px solid {t.border}; }}
    QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text};
        border: 1px solid {t.border}; }}
    QScrollBar:vertical {{ background: {t.background}; width: 12px; margin: 0; border: none; }}
    QScrollBar:horizontal {{ background: {t.background}; height: 12px; margin: 0; border: none; }}
    QScrollBar::handle {{ background: {t.surface}; border: 1px solid {t.border};
        border-radius: 4px; min-height: 24px; min-width: 24px; margin: 1px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
    QHeaderView::section {{ background: {t.surface}; color: {t.muted}; border: none;
        padding: 4px; }}
    """


def _indicator_rules(t: Theme) -> str:
    # An empty box with a clear border, and when ticked the same border around
    # a filled square: the two differ in shape as well as colour.
    return f"""
    QCheckBox {{ color: {t.text}; spacing: 8px; }}
    QCheckBox:disabled {{ color: {t.disabled}; }}
    QCheckBox::indicator, QAbstractItemView::indicator {{ width: 12px; height: 12px;
        border: 2px solid {t.border}; border-radius: 3px; padding: 3px;
        background-clip: content; background: transparent; }}
    QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
        border-color: {t.accent}; background: {t.accent}; }}
    QCheckBox::indicator:indeterminate, QAbstractItemView::indicator:indeterminate {{
        border-color: {t.accent}; padding: 6px 3px; background: {t.accent}; }}
    QCheckBox::indicator:focus {{ border-color: {t.accent}; }}
    QCheckBox::indicator:disabled {{ border-color: {t.disabled}; }}
    """


def _dialog_rules() -> str:
    """Dialog buttons say their word only: the desktop style's icons on them (the ✗ of
    Close, the ✓ of OK) are drawn for a light background, and on the night theme the ✗
    was a dark mark on a dark button."""
    return """
    QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }
    """


def _button_rules(t: Theme) -> str:
    """Buttons (check boxes too) take the focus from Tab only, never from a click: the
    monitor clicks "nausea" or Correct… and goes on typing, and a click that took the
    focus let the next space press the button again (a second observation saved, the
    words lost). Tab still reaches every button; Space and Enter press it there. Set
    here, where Qt sets it as it polishes each widget: a style that answered Qt's
    focus-policy question in Python was asked every hint of every paint."""
    return f"""
    QPushButton, QComboBox, QSpinBox, QDoubleSpinBox {{ background: {t.surface};
        color: {t.text}; border: 1px solid {t.border}; border-radius: 4px;
        padding: 3px 10px; min-height: 26px; }}
    QAbstractButton {{ qproperty-focusPolicy: TabFocus; }}
    QPushButton:hover {{ border-color: {t.accent}; }}
    QPushButton:checked {{ border: 2px solid {t.accent}; color: {t.accent}; }}
    QPushButton:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus {{
        border: 2px solid {t.accent}; }}
    QPushButton:disabled, QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled {{
        color: {t.disabled}; background: {t.background}; border: 1px dashed {t.disabled}; }}
    """
