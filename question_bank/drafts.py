"""Value types that cross the pipeline: ids, question types, articles and topics before storage, stored items after."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NewType

DocumentId = NewType("DocumentId", int)
TopicId = NewType("TopicId", int)
QuestionId = NewType("QuestionId", int)
FlashcardId = NewType("FlashcardId", int)


class QuestionType(enum.StrEnum):
    """The six question types, with their Chinese names.

    Answer formats (stored `answer`, and what a learner's answer looks like when scored):
    - SINGLE: int, the index of the correct option in `options`.
    - MULTIPLE: list[int], sorted indices of the correct options.
    - JUDGE: bool (True = 正确).
    - BLANK: list[list[str]], for each blank the accepted variants, first the canonical one
      (e.g. [["6个月", "6", "六", "六个月"]]); a learner answers list[str], one per blank.
    - ORDER: list[int], the option indices in the correct sequence; a learner answers the same.
    - MATCH: list[str], for each left item in `options` the right item that belongs to it;
      a learner answers list[str] aligned with `options`.
    """

    SINGLE = "single"
    MULTIPLE = "multiple"
    JUDGE = "judge"
    BLANK = "blank"
    ORDER = "order"
    MATCH = "match"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    QuestionType.SINGLE: "单选题",
    QuestionType.MULTIPLE: "多选题",
    QuestionType.JUDGE: "判断题",
    QuestionType.BLANK: "填空题",
    QuestionType.ORDER: "排序题",
    QuestionType.MATCH: "连线题",
}


class DocumentKind(enum.StrEnum):
    """How a document is structured."""

    INTERVIEW = "interview"  # 答记者问: 问/答 pairs
    REGULATION = "regulation"  # 章/条
    PROSE = "prose"  # paragraphs
    BANK = "bank"  # questions imported from an exam system, no source text


@dataclass(frozen=True)
class TopicDraft:
    """A topic found in an article, before storage. Offsets index into `ArticleDraft.text`."""

    title: str  # short name, e.g. 巡视工作原则
    question: str  # the interviewer's question / the 章 heading; "" for prose
    body: str  # the answer / section text, exactly text[start:end]
    start: int
    end: int


@dataclass(frozen=True)
class ArticleDraft:
    """One article of an input file after decoding, normalising, repairing and structuring."""

    title: str
    kind: DocumentKind
    text: str  # the full normalised, repaired article text; every offset indexes into it
    topics: tuple[TopicDraft, ...]
    subtitle: str = ""
    lead: str = ""


@dataclass(frozen=True)
class SourceRef:
    """Where an item came from: the exact sentence and its character offsets in the document text."""

    document_id: DocumentId
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Question:
    """A stored quiz question as the study engine and the UI see it."""

    id: QuestionId
    topic_id: TopicId
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    explanation: str
    source: SourceRef
    difficulty: int = 2
    status: str = "active"
    origin: str = "generated"


@dataclass(frozen=True)
class Flashcard:
    """A stored flashcard."""

    id: FlashcardId
    topic_id: TopicId
    front: str
    back: str
    source: SourceRef


@dataclass(frozen=True)
class Topic:
    """A stored topic."""

    id: TopicId
    document_id: DocumentId
    position: int
    title: str
    question: str
    body: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A stored document."""

    id: DocumentId
    title: str
    kind: DocumentKind
    builtin: bool
    topics: tuple[Topic, ...] = field(default=())
