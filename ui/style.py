"""The one style sheet: colour tokens for light and dark, a type scale from the text size, every component's rule.

Widgets take part through object names (`card`, `pageTitle`, `questionStem`, ...) and dynamic properties
(`role="primary"`, `state="answered"`); no widget sets colours or fonts of its own. The sheet is
rebuilt whenever the text size or theme changes, and setting it again is also what makes widgets
already on screen take the new application font (Qt stops propagating `QApplication.setFont` to
widgets polished by a style sheet until the sheet is set again).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Small images the sheet points at (a style sheet cannot draw a tick or an arrow itself): written once
# per process and colour into a private temporary folder, removed at exit.
_SHAPES = {
    "check": '<path d="M3.5 8.5l3 3 6-7" fill="none" stroke="{c}" stroke-width="2" stroke-linecap="round" '
             'stroke-linejoin="round"/>',
    "down": '<path d="M4 6l4 4 4-4" fill="none" stroke="{c}" stroke-width="1.8" stroke-linecap="round" '
            'stroke-linejoin="round"/>',
    "up": '<path d="M4 10l4-4 4 4" fill="none" stroke="{c}" stroke-width="1.8" stroke-linecap="round" '
          'stroke-linejoin="round"/>',
}
_asset_dir: Path | None = None


def asset(shape: str, colour: str) -> str:
    """The path of a 16x16 SVG of `shape` in `colour`, as a style sheet's url() wants it (forward slashes)."""
    global _asset_dir  # a cache of files, not state: the same inputs always give the same file
    if _asset_dir is None:
        _asset_dir = Path(tempfile.mkdtemp(prefix="xunxue-style-"))
        atexit.register(shutil.rmtree, _asset_dir, True)
    path = _asset_dir / f"{shape}-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
                        f"{_SHAPES[shape].format(c=colour)}</svg>", encoding="utf-8")
    return path.as_posix()


@dataclass(frozen=True)
class Tokens:
    """The palette of one theme: neutrals, one accent, and the two verdict colours."""

    window: str  # page background
    surface: str  # cards, inputs, lists
    surface_alt: str  # hover, alternate rows, the sidebar
    border: str
    text: str
    muted: str  # captions, hints, disabled text
    accent: str  # selection, primary buttons, the focus ring: used sparingly
    accent_hover: str
    accent_soft: str  # a chosen option's and the selected navigation row's background
    on_accent: str  # text on the accent
    banner: str  # the resume banner's background
    correct: str
    wrong: str
    flagged: str  # a flagged question in the answer sheet
    answered: str  # an answered question in the answer sheet


LIGHT = Tokens(
    window="#f4f5f7", surface="#ffffff", surface_alt="#eef0f3", border="#d9dde3", text="#1d2129", muted="#5e6570",
    accent="#2355c8", accent_hover="#1b47ad", accent_soft="#e6edfc", on_accent="#ffffff", banner="#fff4d6",
    correct="#1b7f3b", wrong="#b3261e", flagged="#ffd89b", answered="#cfe8d5",
)
DARK = Tokens(
    window="#1c1e22", surface="#25282d", surface_alt="#2e3238", border="#3d424a", text="#e6e8eb", muted="#a3a9b3",
    accent="#6f9bff", accent_hover="#8fb1ff", accent_soft="#263453", on_accent="#0f1420", banner="#3d3420",
    correct="#5cc47e", wrong="#ff7a70", flagged="#7a5a1e", answered="#2f5a3c",
)


# The type scale's ratios to body text; ScaledLabels with these object names use the same ones, so a
# label sized by its own font and by the sheet agrees whichever is applied last.
CAPTION = 0.92
HEADING = 1.2
STEM = 1.35
COUNTDOWN = 1.5
TITLE = 1.6
CARD = 1.7
FIGURE = 2.1


@dataclass(frozen=True)
class TypeScale:
    """Point sizes derived from the application font (which already carries the text-size setting)."""

    body: float
    caption: float
    heading: float  # a section inside a page
    title: float  # the page's own title
    stem: float  # a question's stem
    card: float  # a flashcard's front
    figure: float  # a stat tile's number, the countdown
    line_px: int  # the height of a line of body text in pixels: indicators and arrows are sized from it

    @classmethod
    def from_body(cls, body: float, *, line_px: int) -> TypeScale:
        """The scale for a body size in points (ratios about 1.2 apart, like a modular scale)."""
        return cls(body=body, caption=body * CAPTION, heading=body * HEADING, title=body * TITLE, stem=body * STEM,
                   card=body * CARD, figure=body * FIGURE, line_px=line_px)


def style_sheet(tokens: Tokens, scale: TypeScale) -> str:
    """The application's style sheet for a theme's tokens and a type scale."""
    t, s = tokens, scale

    def pt(size: float) -> str:
        return f"{size:.1f}pt"

    def px(lines: float, *, less: float = 0) -> str:  # a size in lines of body text, in whole pixels
        return f"{max(1, round(s.line_px * lines - less))}px"

    return f"""
QMainWindow, QDialog {{ background: {t.window}; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
QMenuBar {{ background: {t.window}; border-bottom: 1px solid {t.border}; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {t.accent_soft}; color: {t.text}; border-radius: 4px; }}
QMenu {{ background: {t.surface}; border: 1px solid {t.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 28px 5px 20px; border-radius: 4px; }}
QMenu::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QMenu::item:disabled {{ color: {t.muted}; }}
QMenu::separator {{ height: 1px; background: {t.border}; margin: 4px 8px; }}

/* the sidebar */
QWidget#sidebar {{ background: {t.surface_alt}; border-right: 1px solid {t.border}; }}
QLabel#brand {{ font-size: {pt(s.heading)}; font-weight: bold; color: {t.text}; padding: 4px 6px; }}
QListWidget#navigation {{ background: transparent; border: none; outline: none; }}
QListWidget#navigation::item {{ padding: 7px 10px; border-radius: 8px; color: {t.text}; }}
QListWidget#navigation::item:hover {{ background: {t.surface}; }}
QListWidget#navigation::item:selected {{ background: {t.accent_soft}; color: {t.accent}; }}
QListWidget#navigation::item:selected:focus {{ border: 2px solid {t.accent}; padding: 5px 8px; }}

/* the type scale */
QLabel#pageTitle {{ font-size: {pt(s.title)}; font-weight: bold; }}
QLabel#gateHeading {{ font-size: {pt(s.heading * 1.1)}; font-weight: bold; }}
QLabel#sectionTitle {{ font-size: {pt(s.heading)}; font-weight: bold; }}
QLabel#caption, QLabel#hint, QLabel#muted {{ color: {t.muted}; }}
QLabel#figure {{ font-size: {pt(s.figure)}; font-weight: bold; }}
QLabel#questionStem {{ font-size: {pt(s.stem)}; font-weight: bold; padding: 6px 0 10px 0; }}
QLabel#questionType {{ color: {t.muted}; }}
QLabel#countdown {{ font-size: {pt(s.body * COUNTDOWN)}; font-weight: bold; }}
QLabel#cardFront {{ font-size: {pt(s.card)}; font-weight: bold; }}
QLabel#cardBack {{ font-size: {pt(s.stem)}; }}
QLabel#cardBadge {{ color: {t.muted}; }}
QLabel#doneMessage {{ font-size: {pt(s.stem)}; }}
QLabel[verdict="correct"] {{ color: {t.correct}; }}
QLabel[verdict="wrong"] {{ color: {t.wrong}; }}

/* cards and panels */
QFrame#card, QFrame#statTile, QFrame#flashcard, QScrollArea#questionCard {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px; }}
QFrame#banner {{ background: {t.banner}; border: 1px solid {t.border}; border-radius: 10px; }}
QScrollArea#questionCard {{ padding: 2px; }}
QScrollArea#questionCard > QWidget#qt_scrollarea_viewport {{ background: transparent; }}
QFrame#flashcardDivider {{ background: {t.border}; max-height: 1px; border: none; }}
QGroupBox {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
    margin-top: {pt(s.body * 1.6)}; padding: 10px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; subcontrol-position: top left; left: 6px; padding: 0 4px; }}
QScrollArea {{ background: transparent; border: none; }}
/* a scroll area that is a Tab stop of its own (arrows and Page Down scroll it): the ring shows it has the focus */
QScrollArea#keyboardScroll {{ border: 2px solid transparent; border-radius: 8px; }}
QScrollArea#keyboardScroll:focus {{ border: 2px solid {t.accent}; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}

/* buttons: neutral by default, the accent only for the one primary action of a screen */
QPushButton {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px; padding: 6px 14px; }}
QPushButton:hover {{ background: {t.surface_alt}; }}
QPushButton:pressed, QPushButton:checked {{ background: {t.accent_soft}; border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.window}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: 5px 13px; outline: none; }}
QPushButton[role="primary"] {{ background: {t.accent}; color: {t.on_accent}; border: 1px solid {t.accent}; }}
QPushButton[role="primary"]:hover {{ background: {t.accent_hover}; }}
QPushButton[role="primary"]:disabled {{ background: {t.border}; color: {t.muted}; border-color: {t.border}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {t.text}; padding: 5px 13px; }}
QToolButton {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px; padding: 4px; }}
QToolButton:hover {{ background: {t.surface_alt}; }}
QToolButton:focus {{ border: 2px solid {t.accent}; }}
QToolButton[state="answered"] {{ background: {t.answered}; }}
QToolButton[state="flagged"] {{ background: {t.flagged}; }}
QToolButton:checked {{ border: 2px solid {t.accent}; font-weight: bold; }}

/* answer options: full-width rows that highlight on hover and when chosen */
QFrame#answerOption {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; padding: 6px 8px; }}
QFrame#answerOption:hover {{ background: {t.surface_alt}; }}
QFrame#answerOption[chosen="true"] {{ background: {t.accent_soft}; border: 1px solid {t.accent}; }}
QFrame#answerOption[focused="true"] {{ border: 2px solid {t.accent}; padding: 5px 7px; }}
QFrame#answerOption[mark="right"], QFrame#answerOption[mark="missed"] {{ border: 2px solid {t.correct}; }}
QFrame#answerOption[mark="wrong"] {{ border: 2px solid {t.wrong}; }}
QFrame#answerOption QLabel#optionText {{ background: transparent; }}
QWidget#choiceInput QRadioButton, QWidget#choiceInput QCheckBox {{ background: transparent; border: none; padding: 0; }}
QRadioButton:focus, QCheckBox:focus {{ color: {t.accent}; }}

/* check boxes and radio buttons: drawn by the sheet so they read on light and dark alike */
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {{
    width: {px(0.8)}; height: {px(0.8)}; background: {t.surface}; border: 1px solid {t.muted}; border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: {px(0.4)}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: {t.accent}; border-color: {t.accent}; image: url({asset("check", t.on_accent)}); }}
QRadioButton::indicator:checked {{ background: {t.surface}; border: {px(0.25)} solid {t.accent};
    width: {px(0.8, less=2 * s.line_px * 0.25 - 2)}; height: {px(0.8, less=2 * s.line_px * 0.25 - 2)}; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {t.border}; }}
QCheckBox, QRadioButton {{ spacing: 8px; }}

/* inputs and views */
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTextEdit, QTextBrowser {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px; padding: 4px 6px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus, QTextEdit:focus, QTextBrowser:focus {{
    border: 2px solid {t.accent}; padding: 3px 5px; }}
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled {{ color: {t.muted}; background: {t.window}; }}
QComboBox::drop-down {{ border: none; width: {px(1.3)}; }}
QComboBox::down-arrow {{ image: url({asset("down", t.muted)}); width: {px(0.7)}; height: {px(0.7)}; }}
QSpinBox {{ padding-right: {px(1.4)}; }}
QSpinBox:focus {{ padding-right: {px(1.4, less=1)}; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: border; width: {px(1.2)};
    border: none; border-left: 1px solid {t.border}; background: transparent; }}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 6px; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 6px; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {t.surface_alt}; }}
QSpinBox::up-arrow {{ image: url({asset("up", t.muted)}); width: {px(0.6)}; height: {px(0.6)}; }}
QSpinBox::down-arrow {{ image: url({asset("down", t.muted)}); width: {px(0.6)}; height: {px(0.6)}; }}
QComboBox QAbstractItemView {{ background: {t.surface}; border: 1px solid {t.border};
    selection-background-color: {t.accent_soft}; selection-color: {t.text}; }}
QListView, QTreeView, QTableView, QListWidget, QTreeWidget, QTableWidget {{
    background: {t.surface}; alternate-background-color: {t.surface_alt}; border: 1px solid {t.border};
    border-radius: 8px; selection-background-color: {t.accent_soft}; selection-color: {t.text}; }}
QListView:focus, QTreeView:focus, QTableView:focus, QListWidget:focus, QTreeWidget:focus, QTableWidget:focus {{
    border: 2px solid {t.accent}; }}
QListView::item, QListWidget::item {{ padding: 3px 6px; }}
QHeaderView::section {{ background: {t.surface_alt}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 5px 8px; }}
QTableView {{ gridline-color: {t.border}; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle {{ background: {t.border}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 28px; }}
QScrollBar::handle:horizontal {{ min-width: 28px; }}
QScrollBar::handle:hover {{ background: {t.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QProgressBar {{ background: {t.surface_alt}; border: none; border-radius: 3px; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
QTabWidget::pane {{ border: 1px solid {t.border}; border-radius: 8px; background: {t.surface}; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; border-bottom: 2px solid transparent;
    background: transparent; }}
QTabBar::tab:selected {{ border-bottom: 2px solid {t.accent}; color: {t.accent}; }}
QTabBar::tab:hover {{ background: {t.surface_alt}; }}
QTabBar::tab:focus {{ border: 2px solid {t.accent}; }}
"""
