"""Frameless scroll areas, so a page keeps its layout at 200% text on a 1366x768 screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

PAGE_MARGINS = QMargins(24, 18, 24, 14)  # the space around every page's content
PAGE_SPACING = 12


def set_page_margins(layout: QLayout) -> None:
    """Give a page's outermost content layout the window's common margins and spacing."""
    layout.setContentsMargins(PAGE_MARGINS)
    layout.setSpacing(PAGE_SPACING)


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless scroll area that resizes `content` to its width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop: it scrolls to the focused child
    scroll.setWidget(content)
    return scroll


def scrolling_body(page: QWidget) -> QVBoxLayout:
    """Fill `page` with a scroll area and return the vertical layout of its scrolled body."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    outer.addWidget(scroll_area(body))
    layout = QVBoxLayout(body)
    set_page_margins(layout)
    return layout
