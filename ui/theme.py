"""Appearance: text size and light/dark/system theme, read from QSettings and applied to the whole app."""

from __future__ import annotations

import enum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from ui.style import DARK, LIGHT, Tokens, TypeScale, style_sheet

TEXT_SCALE_KEY = "appearance/text_scale"
THEME_KEY = "appearance/theme"
TEXT_SCALES = (100, 125, 150, 175, 200)
DEFAULT_TEXT_SCALE = 100
_BASE_FONT_PROPERTY = "xunxue_base_font"
_ROWS_STYLE_PROPERTY = "xunxue_rows_style"
ROW_LINES = 1.4  # a table row's height in lines of its text, plus ROW_PADDING_PX


class TextRowsStyle(QProxyStyle):
    """The platform's style, but a table row is as tall as its text needs at any text size.

    Qt sizes table rows from a fixed style metric, not from the font: at 200% text the rows stayed
    32 pixels high around 28-pixel text and clipped it. Tables take the metric again whenever the
    style sheet is set (every change of text size), so rows follow the font.
    """

    ROW_PADDING_PX = 6

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,  # noqa: N802 - Qt override
                    widget: QWidget | None = None) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric is QStyle.PixelMetric.PM_HeaderDefaultSectionSizeVertical:
            metrics = widget.fontMetrics() if widget is not None else QFontMetrics(QApplication.font())
            return max(base, round(metrics.height() * ROW_LINES) + self.ROW_PADDING_PX)
        return base


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
    """Scale the application font, set the palette and the style sheet for the stored text size and theme."""
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
        dark = hints.colorScheme() is Qt.ColorScheme.Dark
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if chosen is Theme.DARK else Qt.ColorScheme.Light)
        dark = chosen is Theme.DARK
    app.setPalette(dark_palette() if dark else light_palette())
    if not app.property(_ROWS_STYLE_PROPERTY):  # once: the platform's own style, wrapped
        app.setStyle(TextRowsStyle(app.style().name()))
        app.setProperty(_ROWS_STYLE_PROPERTY, True)
    # Set last: setting the sheet again is what carries the new font to widgets already on screen.
    scale = TypeScale.from_body(font.pointSizeF(), line_px=QFontMetrics(font).height())
    app.setStyleSheet(style_sheet(tokens(dark=dark), scale))


def tokens(*, dark: bool) -> Tokens:
    """The colour tokens of the light or dark theme."""
    return DARK if dark else LIGHT


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window (charts and highlights follow it)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def light_palette() -> QPalette:
    """The light theme's palette (the style sheet's tokens, for what the sheet does not draw)."""
    return _palette(LIGHT)


def dark_palette() -> QPalette:
    """The dark theme's palette, with enough contrast for long Chinese text."""
    return _palette(DARK)


def _palette(t: Tokens) -> QPalette:
    palette = QPalette(QColor(t.surface), QColor(t.window))
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.Base: t.surface,
        QPalette.ColorRole.AlternateBase: t.surface_alt,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.ToolTipBase: t.surface,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.Button: t.surface,
        QPalette.ColorRole.Highlight: t.accent,
        QPalette.ColorRole.HighlightedText: t.on_accent,
        QPalette.ColorRole.PlaceholderText: t.muted,
        QPalette.ColorRole.Link: t.accent,
        QPalette.ColorRole.LinkVisited: t.accent,
        QPalette.ColorRole.Mid: t.border,
    }
    for role, color in roles.items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.muted))
    return palette


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
