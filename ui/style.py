"""The one style sheet: colour tokens for light and dark, a type scale from the text size, every component's rule.

Widgets take part through object names (`card`, `pageTitle`, `questionStem`, ...) and dynamic properties
(`role="primary"`, `state="answered"`); no widget sets colours or fonts of its own. The sheet is
rebuilt whenever the text size or theme changes, and setting it again is also what makes widgets
already on screen take the new application font (Qt stops propagating `QApplication.setFont` to
widgets polished by a style sheet until the sheet is set again).
"""

from __future__ import annotations

from dataclasses import dataclass


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

    @classmethod
    def from_body(cls, body: float) -> TypeScale:
        """The scale for a body size in points (ratios about 1.2 apart, like a modular scale)."""
        return cls(body=body, caption=body * CAPTION, heading=body * HEADING, title=body * TITLE, stem=body * STEM,
                   card=body * CARD, figure=body * FIGURE)


def style_sheet(tokens: Tokens, scale: TypeScale) -> str:
    """The application's style sheet for a theme's tokens and a type scale."""
    t, s = tokens, scale

    def pt(size: float) -> str:
        return f"{size:.1f}pt"

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
QScrollArea#questionCard > QWidget > QWidget {{ background: {t.surface}; }}
QFrame#flashcardDivider {{ background: {t.border}; max-height: 1px; border: none; }}
QGroupBox {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
    margin-top: {pt(s.body * 1.6)}; padding: 10px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; subcontrol-position: top left; left: 6px; padding: 0 4px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}

/* buttons: neutral by default, the accent only for the one primary action of a screen */
QPushButton {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px; padding: 6px 14px; }}
QPushButton:hover {{ background: {t.surface_alt}; }}
QPushButton:pressed, QPushButton:checked {{ background: {t.accent_soft}; border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.window}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: 5px 13px; }}
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
QWidget#choiceInput QRadioButton, QWidget#choiceInput QCheckBox {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; padding: 10px 12px; }}
QWidget#choiceInput QRadioButton:hover, QWidget#choiceInput QCheckBox:hover {{ background: {t.surface_alt}; }}
QWidget#choiceInput QRadioButton:checked, QWidget#choiceInput QCheckBox:checked {{
    background: {t.accent_soft}; border: 1px solid {t.accent}; }}
QWidget#choiceInput QRadioButton:focus, QWidget#choiceInput QCheckBox:focus {{
    border: 2px solid {t.accent}; padding: 9px 11px; }}
QRadioButton:focus, QCheckBox:focus {{ color: {t.accent}; }}

/* inputs and views */
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTextEdit, QTextBrowser {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px; padding: 4px 6px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus, QTextEdit:focus, QTextBrowser:focus {{
    border: 2px solid {t.accent}; padding: 3px 5px; }}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox QAbstractItemView {{ background: {t.surface}; border: 1px solid {t.border};
    selection-background-color: {t.accent_soft}; selection-color: {t.text}; }}
QListView, QTreeView, QTableView, QListWidget, QTreeWidget, QTableWidget {{
    background: {t.surface}; alternate-background-color: {t.surface_alt}; border: 1px solid {t.border};
    border-radius: 8px; selection-background-color: {t.accent_soft}; selection-color: {t.text}; }}
QListView:focus, QTreeView:focus, QTableView:focus, QListWidget:focus, QTreeWidget:focus, QTableWidget:focus {{
    border: 2px solid {t.accent}; }}
QHeaderView::section {{ background: {t.surface_alt}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 5px 8px; }}
QTableView {{ gridline-color: {t.border}; }}
QProgressBar {{ background: {t.surface_alt}; border: none; border-radius: 3px; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
QTabWidget::pane {{ border: 1px solid {t.border}; border-radius: 8px; background: {t.surface}; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; border-bottom: 2px solid transparent;
    background: transparent; }}
QTabBar::tab:selected {{ border-bottom: 2px solid {t.accent}; color: {t.accent}; }}
QTabBar::tab:hover {{ background: {t.surface_alt}; }}
QTabBar::tab:focus {{ border: 2px solid {t.accent}; }}
"""
