"""Split text into sentences and clauses, each with its character offsets in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = "。！？；!?"
_CLOSERS = "”’）)》"
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: `text == source[start:end]`, without surrounding whitespace."""

    text: str
    start: int
    end: int


def split_sentences(text: str, *, start: int = 0, end: int | None = None, marks: str = SENTENCE_END) -> list[Sentence]:
    """Split `text[start:end]` at sentence-final marks outside quotes; line breaks always end a sentence."""
    stop = len(text) if end is None else end
    sentences: list[Sentence] = []
    depth = 0
    begin = start
    i = start
    while i < stop:
        char = text[i]
        if char == _OPEN_QUOTE:
            depth += 1
        elif char == _CLOSE_QUOTE and depth:
            depth -= 1
        if char == "\n":
            _append(sentences, text, begin, i)
            begin, depth = i + 1, 0
        elif char in marks and depth == 0:
            cut = i + 1
            while cut < stop and text[cut] in _CLOSERS:
                cut += 1
            _append(sentences, text, begin, cut)
            begin = i = cut
            continue
        i += 1
    _append(sentences, text, begin, stop)
    return sentences


def _append(sentences: list[Sentence], text: str, begin: int, end: int) -> None:
    """Add text[begin:end] trimmed of whitespace, if anything is left."""
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        sentences.append(Sentence(text[begin:end], begin, end))


def clauses(sentence: Sentence) -> list[Sentence]:
    """The comma-separated clauses of a sentence (commas inside quotes do not split)."""
    return [
        Sentence(part.text, part.start + sentence.start, part.end + sentence.start)
        for part in split_sentences(sentence.text, marks="，,：:")
    ]


_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_cjk(char: str) -> bool:
    """Whether a character is a CJK ideograph."""
    return bool(_CJK.match(char))
