"""Appearance: text size and light/dark/system theme, read from QSettings and applied to the whole app."""

from __future__ import annotations

import enum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

TEXT_SCALE_KEY = "appearance/text_scale"
THEME_KEY = "appearance/theme"
TEXT_SCALES = (100, 125, 150, 175, 200)
DEFAULT_TEXT_SCALE = 100
_BASE_FONT_PROPERTY = "xunxue_base_font"


class Theme(enum.StrEnum):
    """The colour schemes a learner can choose."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        """The Chinese name shown in the settings page."""
        return _THEME_LABELS[self]


_THEME_LABELS = {Theme.SYSTEM: "跟随系统", Theme.LIGHT: "浅色", Theme.DARK: "深色"}


def text_scale(settings: QSettings) -> int:
    """The stored text size in percent, clamped to 100..200 (bad values fall back to 100)."""
    try:
        value = int(str(settings.value(TEXT_SCALE_KEY, DEFAULT_TEXT_SCALE)))
    except ValueError:
        return DEFAULT_TEXT_SCALE
    return max(TEXT_SCALES[0], min(TEXT_SCALES[-1], value))


def theme(settings: QSettings) -> Theme:
    """The stored theme (unknown values fall back to following the system)."""
    try:
        return Theme(str(settings.value(THEME_KEY, Theme.SYSTEM.value)))
    except ValueError:
        return Theme.SYSTEM


def apply_appearance(app: QApplication, settings: QSettings) -> None:
    """Scale the application font and set the palette for the stored text size and theme."""
    base = app.property(_BASE_FONT_PROPERTY)
    if not isinstance(base, QFont):
        base = QFont(app.font())
        app.setProperty(_BASE_FONT_PROPERTY, base)
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * text_scale(settings) / 100)
    app.setFont(font)

    chosen = theme(settings)
    hints = app.styleHints()
    if chosen is Theme.SYSTEM:
        hints.unsetColorScheme()
        app.setPalette(QPalette())
    elif chosen is Theme.LIGHT:
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(light_palette())
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window (charts and highlights follow it)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def light_palette() -> QPalette:
    """A plain light palette (the Fusion style's own)."""
    palette = QPalette(QColor("#efefef"), QColor("#f7f7f7"))
    _set(palette, base="#ffffff", alternate="#f4f4f4", text="#1a1a1a", button="#efefef", highlight="#2a6fd6")
    return palette


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long Chinese text."""
    palette = QPalette(QColor("#3a3a3a"), QColor("#2b2b2b"))
    _set(palette, base="#1f1f1f", alternate="#292929", text="#e8e8e8", button="#353535", highlight="#3d7ee0")
    palette.setColor(QPalette.ColorRole.Link, QColor("#7fb2ff"))
    palette.setColor(QPalette.ColorRole.LinkVisited, QColor("#c79bff"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#404040"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette


def _set(palette: QPalette, *, base: str, alternate: str, text: str, button: str, highlight: str) -> None:
    """Fill the roles both palettes share."""
    roles = {
        QPalette.ColorRole.Window: button,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alternate,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, color in roles.items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(color))


def mastery_color(mastery: float | None, *, dark: bool) -> QColor:
    """A background colour for a topic's mastery (0..1): red through amber to green; grey when unknown."""
    if mastery is None:
        return QColor("#4a4a4a" if dark else "#e6e6e6")
    value = max(0.0, min(1.0, mastery))
    hue = int(120 * value)  # 0 = red, 60 = amber, 120 = green
    return QColor.fromHsl(hue, 150 if dark else 170, 70 if dark else 205)


CORRECT_COLOUR = "#1b7f3b"  # right answers and done messages (readable on light and dark backgrounds)
WRONG_COLOUR = "#b3261e"  # wrong answers and error messages


def feedback_style(*, ok: bool | None) -> str:
    """A label's style sheet for a verdict or status message: green when ok, red when not, plain for None."""
    if ok is None:
        return ""
    return f"color: {CORRECT_COLOUR if ok else WRONG_COLOUR};"


def verdict_html(text: str, *, ok: bool) -> str:
    """A bold verdict (回答正确 / 错误) in the feedback colour, for rich-text labels."""
    return f'<b style="color:{CORRECT_COLOUR if ok else WRONG_COLOUR}">{text}</b>'
