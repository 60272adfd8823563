"""Labels whose size follows the application's text size: page titles, section headings, stat tiles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from ui.style import FIGURE, HEADING, TITLE

# Colours and sizes come from the application's one style sheet (ui/style.py) through object names;
# a widget never sets a style sheet of its own (it would stop following the text size setting).


class ScaledLabel(QLabel):
    """A label `scale` times the application font (re-applied when the text size setting changes).

    The font is set again on every style change: setting the application's style sheet again (which
    is how a new text size reaches the widgets) puts back the font a widget had when first polished.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = 1.0, bold: bool = False) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # stems, cards, titles and names are data, never markup
        self._scale = scale
        self._bold = bold
        self._applying = False
        self.setWordWrap(True)
        self._apply_font()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._apply_font)  # the text size setting changed (no style sheet)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.StyleChange:
            self._apply_font()
        super().changeEvent(event)

    def _apply_font(self, _font: QFont | None = None) -> None:
        if self._applying:
            return
        self._applying = True
        try:
            font = QFont(QApplication.font())
            font.setPointSizeF(font.pointSizeF() * self._scale)
            font.setBold(self._bold)
            self.setFont(font)
        finally:
            self._applying = False


def page_title(text: str, parent: QWidget | None = None) -> ScaledLabel:
    """The heading at the top of a page."""
    label = ScaledLabel(text, parent, scale=TITLE, bold=True)
    label.setObjectName("pageTitle")
    return label


def section_title(text: str, parent: QWidget | None = None) -> ScaledLabel:
    """A heading inside a page."""
    label = ScaledLabel(text, parent, scale=HEADING, bold=True)
    label.setObjectName("sectionTitle")
    return label


class StatTile(QFrame):
    """A framed figure with its caption, e.g. “12” over “今日到期卡片”."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statTile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        self.value_label = ScaledLabel("—", self, scale=FIGURE, bold=True)
        self.value_label.setObjectName("figure")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label = QLabel(caption, self)
        self.caption_label.setObjectName("caption")
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label.setWordWrap(True)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)

    def set_value(self, value: str, *, detail: str | None = None) -> None:
        """Show a new figure (and optionally a new caption)."""
        self.value_label.setText(value)
        if detail is not None:
            self.caption_label.setText(detail)


def set_text_colour(widget: QWidget, colour: QColor | str | None) -> None:
    """Draw a widget's text in `colour` (None: the application palette's own)."""
    palette = QPalette(QApplication.palette()) if colour is None else widget.palette()
    if colour is not None:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(role, QColor(colour))
    widget.setPalette(palette)


def tint(widget: QWidget, background: QColor | str | None, text: QColor | str = "#000000") -> None:
    """Fill a widget's background (a highlighted panel, an answered palette cell); None removes it."""
    if background is None:
        widget.setPalette(QPalette(QApplication.palette()))
        widget.setAutoFillBackground(False)
        return
    palette = QPalette(widget.palette())
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button):
        palette.setColor(role, QColor(background))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(text))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
