"""Frameless scroll areas, so a page keeps its layout at 200% text on a 1366x768 screen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless scroll area that resizes `content` to its width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def scrolling_body(page: QWidget) -> QVBoxLayout:
    """Fill `page` with a scroll area and return the vertical layout of its scrolled body."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    outer.addWidget(scroll_area(body))
    return QVBoxLayout(body)
