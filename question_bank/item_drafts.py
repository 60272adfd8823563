"""Generated questions and flashcards before storage, each tagged with its knowledge point."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from question_bank.drafts import QuestionType


@dataclass(frozen=True)
class QuestionDraft:
    """A generated question before storage; `quote == text[start:end]` of the document.

    `point` names the knowledge point it tests (at most one item of a type per point); `review` says why it
    waits in the trainer's review queue instead of going live ("" = live).
    """

    key: str
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    explanation: str
    quote: str
    start: int
    end: int
    difficulty: int = 2
    point: str = ""
    review: str = ""


@dataclass(frozen=True)
class FlashcardDraft:
    """A generated flashcard before storage."""

    key: str
    front: str
    back: str
    quote: str
    start: int
    end: int
    point: str = ""
