"""Import orchestration: parse a document, extract knowledge, generate, validate and store, in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank import bank
from question_bank.drafts import ArticleDraft, DocumentId, DocumentKind, TopicDraft
from question_bank.generation import FlashcardDraft, QuestionDraft, generate_article
from question_bank.propositions import Proposition
from question_bank.shaping import shape
from question_bank.models import DocumentRow, TopicRow
from question_bank.validation import Candidate, Rejection, validate


@dataclass(frozen=True)
class BuiltTopic:
    """One topic's validated items."""

    topic: TopicDraft
    points: tuple[Proposition, ...]
    questions: tuple[QuestionDraft, ...]
    flashcards: tuple[FlashcardDraft, ...]
    rejections: tuple[Rejection, ...]


@dataclass(frozen=True)
class BuiltArticle:
    """An article with everything generated for it, before storage."""

    article: ArticleDraft
    topics: tuple[BuiltTopic, ...]

    def report(self) -> dict[str, Any]:
        """The validator report as stored with the document (counts by rule and the rejected stems)."""
        rejections = [r for t in self.topics for r in t.rejections]
        checked = sum(len(t.questions) for t in self.topics) + len(rejections)
        return {
            "checked": checked,
            "accepted": checked - len(rejections),
            "by_rule": dict(sorted(Counter(r.rule for r in rejections).items())),
            "rejected": [{"stem": r.stem, "rule": r.rule, "reason": r.reason} for r in rejections],
        }


@dataclass(frozen=True)
class DocumentSummary:
    """What an import added for one document."""

    document_id: DocumentId
    title: str
    kind: DocumentKind
    topics: int
    questions_by_type: dict[str, int]
    flashcards: int
    rejected: int


@dataclass(frozen=True)
class ImportSummary:
    """What an import added."""

    documents: tuple[DocumentSummary, ...] = field(default=())

    @property
    def questions(self) -> int:
        return sum(sum(d.questions_by_type.values()) for d in self.documents)


@dataclass(frozen=True)
class ArticlePreview:
    """An article found in a file, for the trainer to choose what to keep."""

    index: int
    title: str
    kind: DocumentKind
    topic_titles: tuple[str, ...]


@lru_cache(maxsize=4)
def build_article(article: ArticleDraft, *, seed: int = 0) -> BuiltArticle:
    """Knowledge points, questions and flashcards of every topic of an article, gated by the validator (pure).

    Pure and cached: a fresh data directory builds the built-in interview, and importing the raw file in the
    same process builds the same article again.
    """
    generated = generate_article(article, seed=seed)
    accepted: list[list[QuestionDraft]] = []
    rejections: list[tuple[Rejection, ...]] = []
    for index, topic in enumerate(article.topics):
        items = generated.topics[index]
        candidates = [to_candidate(q, group=str(index)) for q in items.questions]
        report = validate(candidates, document_text=article.text, topic_text=topic.body)
        accepted.append([items.questions[i] for i in report.accepted])
        rejections.append(report.rejections)
    cards = [[c for c in t.flashcards if article.text[c.start:c.end] == c.quote] for t in generated.topics]
    from question_bank.shaping import MIN_BANK

    floor = MIN_BANK if article.kind is DocumentKind.INTERVIEW else 0  # a regulation's bank is what it states
    questions, kept_cards = shape(accepted, cards, floor=floor)
    built = [
        BuiltTopic(topic=topic, points=generated.propositions[index], questions=tuple(questions[index]),
                   flashcards=tuple(kept_cards[index]), rejections=rejections[index])
        for index, topic in enumerate(article.topics)
    ]
    return BuiltArticle(article=article, topics=tuple(built))


def to_candidate(question: QuestionDraft, *, group: str = "") -> Candidate:
    """The validator's view of a generated question."""
    return Candidate(type=question.type, stem=question.stem, options=question.options, answer=question.answer,
                     answer_text=question.answer_text, quote=question.quote, start=question.start,
                     end=question.end, group=group)


def _parse(data: bytes, *, filename: str, title: str | None) -> list[ArticleDraft]:
    from question_bank.structure import parse_document

    return parse_document(data, filename=filename, title=title)


def preview_document(data: bytes, *, filename: str, title: str | None = None) -> list[ArticlePreview]:
    """The articles a file holds and their topic titles, without storing anything."""
    return [ArticlePreview(index=i, title=a.title, kind=a.kind, topic_titles=tuple(t.title for t in a.topics))
            for i, a in enumerate(_parse(data, filename=filename, title=title))]


def store_article(
    session: Session, built: BuiltArticle, *, now: dt.datetime, source_name: str, builtin: bool = False
) -> DocumentSummary:
    """Store a built article as a new document with its topics, items and validator report."""
    article = built.article
    document = bank.add_document(session, title=article.title, kind=article.kind, text=article.text,
                                 source_name=source_name, builtin=builtin, now=now)
    types: Counter[str] = Counter()
    cards = rejected = 0
    for position, item in enumerate(built.topics):
        topic = item.topic
        row = TopicRow(document_id=document.id, position=position, title=topic.title[:200], question=topic.question,
                       body=topic.body, start=topic.start, end=topic.end)
        session.add(row)
        session.flush()
        bank.upsert_items(session, row, questions=item.questions, flashcards=item.flashcards, points=item.points,
                          now=now)
        types.update(str(q.type) for q in item.questions)
        cards += len(item.flashcards)
        rejected += len(item.rejections)
    bank.save_validation_report(session, document.id, built.report())
    return DocumentSummary(document_id=DocumentId(document.id), title=document.title, kind=article.kind,
                           topics=len(built.topics), questions_by_type=dict(sorted(types.items())),
                           flashcards=cards, rejected=rejected)


def import_document(
    session: Session,
    *,
    data: bytes,
    filename: str,
    title: str | None = None,
    now: dt.datetime,
    seed: int = 0,
    keep: set[int] | None = None,
) -> ImportSummary:
    """Parse a file and store each article (or those whose index is in `keep`) in the caller's transaction.

    Raises:
        DocumentError: the file cannot be read as a document (nothing is stored).
    """
    articles = _parse(data, filename=filename, title=title)
    chosen = [a for i, a in enumerate(articles) if keep is None or i in keep]
    if not chosen:
        raise UserError("没有选中任何文章，未导入内容。")
    built = [build_article(a, seed=seed) for a in chosen]
    return ImportSummary(documents=tuple(
        store_article(session, b, now=now, source_name=filename) for b in built))


def import_file(
    session: Session, path: Path, *, title: str | None = None, now: dt.datetime, seed: int = 0,
    keep: set[int] | None = None,
) -> ImportSummary:
    """Read a file (refusing one over the size limit at once) and import it."""
    from question_bank.reading import read_document_bytes

    data = read_document_bytes(path)
    return import_document(session, data=data, filename=path.name, title=title, now=now, seed=seed, keep=keep)


def regenerate_document(session: Session, document_id: int, *, now: dt.datetime, seed: int = 0) -> bank.StoreCounts:
    """Generate a stored document's items again; trainer edits and manual items stay, vanished ones retire."""
    document = session.get(DocumentRow, document_id)
    if document is None:
        raise UserError(f"找不到编号为{document_id}的文档。")
    rows = session.scalars(select(TopicRow).where(TopicRow.document_id == document_id)
                           .order_by(TopicRow.position)).all()
    article = ArticleDraft(
        title=document.title, kind=DocumentKind(document.kind), text=document.text,
        topics=tuple(TopicDraft(title=r.title, question=r.question, body=r.body, start=r.start, end=r.end)
                     for r in rows),
    )
    built = build_article(article, seed=seed)
    total: Counter[str] = Counter()
    for row, item in zip(rows, built.topics):
        counts = bank.upsert_items(session, row, questions=item.questions, flashcards=item.flashcards,
                                   points=item.points, now=now)
        total.update({k: v for k, v in counts.__dict__.items()})
    bank.save_validation_report(session, document_id, built.report())
    return bank.StoreCounts(**total)
