"""Laying a document's text out in a QTextDocument by topic, keeping a map from source offsets to positions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from question_bank.drafts import Topic

# A search typed with half-width punctuation (or either kind of quote) finds the text's full-width marks too.
PUNCTUATION_VARIANTS: dict[str, str] = {
    ",": ",，", "，": ",，", ":": ":：", "：": ":：", ";": ";；", "；": ";；", "?": "?？", "？": "?？",
    "!": "!！", "！": "!！", "(": "(（", "（": "(（", ")": ")）", "）": ")）", "<": "<《〈", "《": "<《〈",
    ">": ">》〉", "》": ">》〉", '"': '"“”', "“": '"“”', "”": '"“”', "'": "'‘’", "‘": "'‘’", "’": "'‘’",
}


def search_pattern(words: str) -> str:
    """A regular expression for a search box's text: trimmed, each punctuation mark matching its other forms.

    Returns "" when there is nothing to search for.
    """
    parts = []
    for char in words.strip():
        variants = PUNCTUATION_VARIANTS.get(char)
        parts.append(f"[{re.escape(variants)}]" if variants else re.escape(char))
    return "".join(parts)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the source text as laid out: `text[start:end]` is the block's text exactly."""

    block: int  # block number in the QTextDocument
    start: int  # character offsets in the document text
    end: int
    topic_id: int | None  # None for the lead before the first topic


@dataclass(frozen=True)
class TopicAnchor:
    """Where a topic's heading sits in the laid-out text."""

    topic_id: int
    block: int


class LaidOutText:
    """The rendered document and the offset map the reader needs for paragraphs, search and sources."""

    def __init__(self, document: QTextDocument, paragraphs: list[Paragraph], anchors: list[TopicAnchor]) -> None:
        self.document = document
        self.paragraphs = paragraphs
        self.anchors = {anchor.topic_id: anchor for anchor in anchors}
        self._starts = [p.start for p in paragraphs]
        self._by_block = {p.block: p for p in paragraphs}

    def paragraph_at_block(self, block: int) -> Paragraph | None:
        """The paragraph laid out in that block (None for headings)."""
        return self._by_block.get(block)

    def paragraph_at_offset(self, offset: int) -> Paragraph | None:
        """The paragraph whose span holds a source offset."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None

    def position(self, offset: int, *, at_end: bool = False) -> int | None:
        """The QTextDocument position of a source offset, or None if it falls outside the shown paragraphs.

        With `at_end`, an offset just past a paragraph's last character maps to that paragraph's end.
        """
        paragraph = self.paragraph_at_offset(offset - 1 if at_end else offset)
        if paragraph is None:
            return None
        return self.document.findBlockByNumber(paragraph.block).position() + offset - paragraph.start


def lay_out(
    document: QTextDocument, *, title: str, text: str, topics: Sequence[Topic]
) -> LaidOutText:
    """Write the title, the lead, then each topic's question as a heading followed by its paragraphs.

    Lines between topics that repeat the next topic's question (the interviewer's 问) are replaced by its
    heading; every other line of the text is shown, so search finds what the text says.
    """
    document.clear()
    cursor = QTextCursor(document)
    paragraphs: list[Paragraph] = []
    anchors: list[TopicAnchor] = []
    first_block = True

    def new_block(block_format: QTextBlockFormat, char_format: QTextCharFormat) -> None:
        nonlocal first_block
        if first_block:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char_format)
            first_block = False
        else:
            cursor.insertBlock(block_format, char_format)

    def heading(words: str, level: int) -> None:
        block_format = QTextBlockFormat()
        block_format.setHeadingLevel(level)
        block_format.setTopMargin(18 if level > 1 else 4)
        block_format.setBottomMargin(8)
        char_format = QTextCharFormat()
        char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setProperty(QTextCharFormat.Property.FontSizeAdjustment, 3 - level if level < 3 else 0)
        new_block(block_format, char_format)
        cursor.insertText(words, char_format)

    def paragraph(start: int, end: int, topic_id: int | None) -> None:
        block_format = QTextBlockFormat()
        block_format.setBottomMargin(8)
        block_format.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        new_block(block_format, QTextCharFormat())
        paragraphs.append(Paragraph(cursor.blockNumber(), start, end, topic_id))
        cursor.insertText(text[start:end], QTextCharFormat())

    ordered = sorted(topics, key=lambda t: t.start)
    heading(title, 1)
    previous_end = 0
    for index, topic in enumerate([*ordered, None]):
        gap_end = topic.start if topic is not None else len(text)
        question = topic.question.strip() if topic is not None else ""
        owner = ordered[index - 1].id if index > 0 else None
        for start, end in _lines(text, previous_end, gap_end):
            line = text[start:end]
            if (index == 0 and line.lstrip("# ") == title) or _is_marker(line):
                continue
            if question and _repeats(line, question):
                continue
            paragraph(start, end, owner)
        if topic is None:
            break
        heading(f"{index + 1}. {question or topic.title}", 2)
        anchors.append(TopicAnchor(topic.id, cursor.blockNumber()))
        for start, end in _lines(text, topic.start, topic.end):
            paragraph(start, end, topic.id)
        previous_end = topic.end
    return LaidOutText(document, paragraphs, anchors)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of text[start:end] as trimmed (start, end) spans."""
    spans = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        left, right = position, stop
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((left, right))
        position = stop + 1
    return spans


def _is_marker(line: str) -> bool:
    """Whether a line is only an interview label such as “答：” left before a topic's text."""
    return line.strip().rstrip("：:").strip() in ("问", "答")


def _repeats(line: str, question: str) -> bool:
    """Whether a line is the interviewer's question already shown as the topic heading."""
    core = line.strip()
    for marker in ("问：", "问:", "问"):
        if core.startswith(marker):
            core = core[len(marker):].strip()
            break
    return bool(core) and (core in question or question in core)
