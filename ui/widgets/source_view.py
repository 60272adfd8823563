"""A source passage: the paragraph a question or card came from, with its sentence highlighted."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

HIGHLIGHT_STYLE = "background-color:#ffe58a; color:#000000;"


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph (between newlines) holding text[start:end]."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return para_start, len(text) if para_end < 0 else para_end


def passage_html(text: str, start: int, end: int) -> str:
    """HTML of the paragraph around text[start:end] with that span highlighted."""
    para_start, para_end = paragraph_around(text, start, end)
    before = html.escape(text[para_start:start])
    quote = html.escape(text[start:end])
    after = html.escape(text[end:para_end])
    return f'<p>{before}<span style="{HIGHLIGHT_STYLE}">{quote}</span>{after}</p>'


class SourcePassage(QTextBrowser):
    """Read-only view of a source paragraph with the sentence highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("原文出处")

    def show_passage(self, text: str, start: int, end: int) -> None:
        """Show the paragraph of `text` around [start, end), highlighting the span."""
        self.setHtml(passage_html(text, start, end))

    def show_quote(self, quote: str) -> None:
        """Show only the quoted sentence, highlighted (when the document text is not at hand)."""
        self.setHtml(f'<p><span style="{HIGHLIGHT_STYLE}">{html.escape(quote)}</span></p>')
