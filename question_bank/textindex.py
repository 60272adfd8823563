"""Fast 'is this phrase in the document' for the checks every distractor passes: a suffix array, built once."""

from __future__ import annotations

import bisect
from functools import lru_cache

PREFIX = 48  # phrases checked are shorter than this; longer ones fall back to a plain scan


class TextIndex:
    """The suffixes of one text in sorted order, so a phrase is found in O(len · log n), not O(n)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._order = sorted(range(len(text)), key=lambda i: text[i:i + PREFIX])

    def count(self, phrase: str) -> int:
        """How many times `phrase` occurs in the text (overlaps included)."""
        if not phrase:
            return len(self.text) + 1
        if len(phrase) > PREFIX:
            return self.text.count(phrase)
        size = len(phrase)
        text = self.text
        low = bisect.bisect_left(self._order, phrase, key=lambda i: text[i:i + size])
        high = bisect.bisect_right(self._order, phrase, lo=low, key=lambda i: text[i:i + size])
        return high - low

    def __contains__(self, phrase: str) -> bool:
        return self.count(phrase) > 0


@lru_cache(maxsize=4)
def index_of(text: str) -> TextIndex:
    """The index of a document, built on first use (a build indexes the same document many times)."""
    return TextIndex(text)
