"""Storage of the question bank: store and regenerate a document's items, load them as values, export, stats."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from question_bank.drafts import (
    Document, DocumentId, DocumentKind, Flashcard, FlashcardId, Question, QuestionId, QuestionType, SourceRef,
    Topic, TopicId,
)
from question_bank.models import DocumentRow, FlashcardRow, KnowledgePointRow, QuestionRow, SettingRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES, ItemStatus, Origin

EXPORT_FORMAT = "xunxue-bank"
EXPORT_VERSION = 1
LIVE_STATUSES = USABLE_STATUSES
_REPORT_KEY = "validation_report:{}"


@dataclass(frozen=True)
class StoreCounts:
    """What one store or regeneration changed."""

    added: int = 0
    updated: int = 0
    kept: int = 0
    retired: int = 0
    flashcards: int = 0


def _source(row: QuestionRow | FlashcardRow, document_id: int) -> SourceRef:
    return SourceRef(document_id=DocumentId(document_id), quote=row.quote, start=row.start, end=row.end)


def _topic(row: TopicRow) -> Topic:
    return Topic(id=TopicId(row.id), document_id=DocumentId(row.document_id), position=row.position,
                 title=row.title, question=row.question, body=row.body, start=row.start, end=row.end)


def _question(row: QuestionRow, document_id: int) -> Question:
    return Question(
        id=QuestionId(row.id), topic_id=TopicId(row.topic_id), type=QuestionType(row.type), stem=row.stem,
        options=tuple(row.options) if row.options is not None else None, answer=row.answer,
        answer_text=row.answer_text, explanation=row.explanation, source=_source(row, document_id),
        difficulty=row.difficulty, status=row.status, origin=row.origin,
    )


def _flashcard(row: FlashcardRow, document_id: int) -> Flashcard:
    return Flashcard(id=FlashcardId(row.id), topic_id=TopicId(row.topic_id), front=row.front, back=row.back,
                     source=_source(row, document_id))


def _document_of_topics(session: Session, topic_ids: Iterable[int]) -> dict[int, int]:
    ids = set(topic_ids)
    if not ids:
        return {}
    rows = session.execute(select(TopicRow.id, TopicRow.document_id).where(TopicRow.id.in_(ids)))
    return {topic_id: document_id for topic_id, document_id in rows}


# --- queries --------------------------------------------------------------------------------------


def list_documents(session: Session) -> list[Document]:
    """Every document with its topics, in import order."""
    rows = session.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
    return [Document(id=DocumentId(r.id), title=r.title, kind=DocumentKind(r.kind), builtin=r.builtin,
                     topics=tuple(_topic(t) for t in r.topics)) for r in rows]


def list_topics(session: Session, document_id: int | None = None) -> list[Topic]:
    """Topics of one document (or all), in document then position order."""
    query = select(TopicRow).order_by(TopicRow.document_id, TopicRow.position)
    if document_id is not None:
        query = query.where(TopicRow.document_id == document_id)
    return [_topic(r) for r in session.scalars(query)]


def get_topic(session: Session, topic_id: int) -> Topic | None:
    """One topic, or None."""
    row = session.get(TopicRow, topic_id)
    return _topic(row) if row is not None else None


def document_text(session: Session, document_id: int) -> str:
    """The full normalised text of a document (every source offset indexes into it)."""
    row = session.get(DocumentRow, document_id)
    return row.text if row is not None else ""


def get_questions(session: Session, ids: Sequence[int]) -> list[Question]:
    """Questions by id, in the order of `ids` (unknown ids are skipped)."""
    rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(set(ids))))}
    documents = _document_of_topics(session, (r.topic_id for r in rows.values()))
    return [_question(rows[i], documents[rows[i].topic_id]) for i in ids if i in rows]


def question_ids_for(
    session: Session,
    *,
    topic_ids: Iterable[int] | None = None,
    types: Iterable[QuestionType | str] | None = None,
    statuses: Sequence[str] = LIVE_STATUSES,
) -> list[QuestionId]:
    """Ids of the questions matching topics, types and statuses, in id order."""
    query = select(QuestionRow.id).where(QuestionRow.status.in_(statuses)).order_by(QuestionRow.id)
    if topic_ids is not None:
        query = query.where(QuestionRow.topic_id.in_(set(topic_ids)))
    if types is not None:
        query = query.where(QuestionRow.type.in_({str(QuestionType(t)) for t in types}))
    return [QuestionId(i) for i in session.scalars(query)]


def get_flashcards(session: Session, ids: Sequence[int]) -> list[Flashcard]:
    """Flashcards by id, in the order of `ids`."""
    rows = {r.id: r for r in session.scalars(select(FlashcardRow).where(FlashcardRow.id.in_(set(ids))))}
    documents = _document_of_topics(session, (r.topic_id for r in rows.values()))
    return [_flashcard(rows[i], documents[rows[i].topic_id]) for i in ids if i in rows]


def flashcards_for_topics(session: Session, topic_ids: Iterable[int] | None = None) -> list[Flashcard]:
    """Live flashcards of the given topics (all topics if None), in id order."""
    query = select(FlashcardRow).where(FlashcardRow.status.in_(LIVE_STATUSES)).order_by(FlashcardRow.id)
    if topic_ids is not None:
        query = query.where(FlashcardRow.topic_id.in_(set(topic_ids)))
    rows = session.scalars(query).all()
    documents = _document_of_topics(session, (r.topic_id for r in rows))
    return [_flashcard(r, documents[r.topic_id]) for r in rows]


def items_for_paragraph(
    session: Session, document_id: int, start: int, end: int
) -> tuple[list[Flashcard], list[Question]]:
    """Live flashcards and questions whose source overlaps the span [start, end) of a document."""
    topic_ids = select(TopicRow.id).where(TopicRow.document_id == document_id)
    cards = session.scalars(select(FlashcardRow).where(
        FlashcardRow.topic_id.in_(topic_ids), FlashcardRow.status.in_(LIVE_STATUSES),
        FlashcardRow.start < end, FlashcardRow.end > start).order_by(FlashcardRow.id)).all()
    questions = session.scalars(select(QuestionRow).where(
        QuestionRow.topic_id.in_(topic_ids), QuestionRow.status.in_(LIVE_STATUSES),
        QuestionRow.start < end, QuestionRow.end > start).order_by(QuestionRow.id)).all()
    return [_flashcard(r, document_id) for r in cards], [_question(r, document_id) for r in questions]


# --- validation reports -------------------------------------------------------------------------------


def save_validation_report(session: Session, document_id: int, report: dict[str, Any]) -> None:
    """Keep a document's latest validator report (shown by bank-stats)."""
    key = _REPORT_KEY.format(document_id)
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=report))
    else:
        row.value = report


def validation_report(session: Session, document_id: int) -> dict[str, Any] | None:
    """A document's latest validator report, or None."""
    row = session.get(SettingRow, _REPORT_KEY.format(document_id))
    return dict(row.value) if row is not None else None


# --- stats and export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicStats:
    """Counts for one topic."""

    topic_id: TopicId
    title: str
    questions_by_type: dict[str, int]
    flashcards: int


def bank_stats(session: Session, document_id: int) -> list[TopicStats]:
    """Live question counts by type and flashcard counts, per topic of a document."""
    stats = []
    for topic in list_topics(session, document_id):
        types = Counter(session.scalars(select(QuestionRow.type).where(
            QuestionRow.topic_id == topic.id, QuestionRow.status.in_(LIVE_STATUSES))))
        cards = len(session.scalars(select(FlashcardRow.id).where(
            FlashcardRow.topic_id == topic.id, FlashcardRow.status.in_(LIVE_STATUSES))).all())
        stats.append(TopicStats(topic_id=topic.id, title=topic.title, questions_by_type=dict(types), flashcards=cards))
    return stats


def _source_json(document_id: int, row: QuestionRow | FlashcardRow) -> dict[str, Any]:
    return {"document_id": document_id, "quote": row.quote, "start": row.start, "end": row.end}


def export_bank_json(session: Session) -> dict[str, Any]:
    """The whole live bank in the documented export format (version 1), in id order."""
    documents = session.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
    topics = session.scalars(select(TopicRow).order_by(TopicRow.id)).all()
    of_topic = {t.id: t.document_id for t in topics}
    questions = session.scalars(select(QuestionRow).where(QuestionRow.status != ItemStatus.RETIRED).order_by(QuestionRow.id)).all()
    cards = session.scalars(select(FlashcardRow).where(FlashcardRow.status != ItemStatus.RETIRED).order_by(FlashcardRow.id)).all()
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "documents": [{"id": d.id, "title": d.title, "kind": d.kind} for d in documents],
        "topics": [{"id": t.id, "document_id": t.document_id, "title": t.title, "question": t.question} for t in topics],
        "questions": [
            {"id": q.id, "topic_id": q.topic_id, "type": q.type, "stem": q.stem, "options": q.options,
             "answer": q.answer, "answer_text": q.answer_text, "explanation": q.explanation,
             "difficulty": q.difficulty, "status": q.status, "point": q.point_key,
             **({"review_reason": q.review_reason} if q.review_reason else {}),
             "source": _source_json(of_topic[q.topic_id], q)}
            for q in questions
        ],
        "flashcards": [
            {"id": c.id, "topic_id": c.topic_id, "front": c.front, "back": c.back, "point": c.point_key,
             "source": _source_json(of_topic[c.topic_id], c)}
            for c in cards
        ],
    }


# --- writing generated items ----------------------------------------------------------------------


def add_document(
    session: Session, *, title: str, kind: DocumentKind, text: str, source_name: str, builtin: bool, now: dt.datetime
) -> DocumentRow:
    """Insert a document row (flushed, so it has an id)."""
    row = DocumentRow(title=title[:200], kind=str(kind), text=text, source_name=source_name[:400],
                      builtin=builtin, created_at=now)
    session.add(row)
    session.flush()
    return row


def _point_data(point: Any) -> dict[str, Any]:
    """A proposition's typed fields as stored: actor, force, quantities, scope, old → new, list members."""
    return {"key": point.key, "provision": point.provision, "actor": point.actor, "force": point.force,
            "quantities": [{"value": q.value, "unit": q.unit, "written": q.written} for q in point.quantities],
            "scope": point.scope, "old": point.old, "new": point.new, "items": list(point.items),
            "list_lead": point.list_lead, "sequence": point.sequence, "review": point.review}


def upsert_items(
    session: Session,
    topic: TopicRow,
    *,
    questions: Sequence[Any],
    flashcards: Sequence[Any],
    points: Sequence[Any],
    now: dt.datetime,
) -> StoreCounts:
    """Write a topic's generated items, matching stored rows by key.

    Edited and manual rows are never overwritten; generated rows no longer produced are retired, never deleted.
    """
    counts = Counter[str]()
    existing = {r.key: r for r in session.scalars(select(QuestionRow).where(QuestionRow.topic_id == topic.id))}
    new_questions: list[dict[str, Any]] = []
    for draft in questions:
        row = existing.pop(draft.key, None)
        fields = dict(type=str(draft.type), stem=draft.stem, options=list(draft.options) if draft.options else None,
                      answer=draft.answer, answer_text=draft.answer_text, explanation=draft.explanation,
                      quote=draft.quote, start=draft.start, end=draft.end, difficulty=draft.difficulty,
                      point_key=draft.point, review_reason=draft.review)
        status = ItemStatus.REVIEW if draft.review else ItemStatus.ACTIVE
        if row is None:
            new_questions.append(dict(topic_id=topic.id, key=draft.key, status=status, origin=Origin.GENERATED,
                                      edited=False, updated_at=now, **fields))
            counts["added"] += 1
        elif row.edited or row.origin != Origin.GENERATED:
            counts["kept"] += 1
        else:
            changed = any(getattr(row, name) != value for name, value in fields.items()) or row.status == ItemStatus.RETIRED
            for name, value in fields.items():
                setattr(row, name, value)
            if row.status == ItemStatus.RETIRED or (row.status == ItemStatus.REVIEW) != bool(draft.review):
                row.status = status
            if changed:
                row.updated_at = now
                counts["updated"] += 1
    for row in existing.values():
        if row.origin == Origin.GENERATED and not row.edited and row.status != ItemStatus.RETIRED:
            row.status, row.updated_at = ItemStatus.RETIRED, now
            counts["retired"] += 1
    if new_questions:
        session.execute(insert(QuestionRow), new_questions)
    stored_cards = {r.key: r for r in session.scalars(select(FlashcardRow).where(FlashcardRow.topic_id == topic.id))}
    new_cards: list[dict[str, Any]] = []
    for card in flashcards:
        card_row = stored_cards.pop(card.key, None)
        card_fields = dict(front=card.front, back=card.back, quote=card.quote, start=card.start, end=card.end,
                           point_key=card.point)
        if card_row is None:
            new_cards.append(dict(topic_id=topic.id, key=card.key, status=ItemStatus.ACTIVE, origin=Origin.GENERATED,
                                  edited=False, updated_at=now, **card_fields))
        elif not card_row.edited and card_row.origin == Origin.GENERATED:
            for name, value in card_fields.items():
                setattr(card_row, name, value)
            card_row.status = ItemStatus.ACTIVE
        counts["flashcards"] += 1
    if new_cards:
        session.execute(insert(FlashcardRow), new_cards)
    for card_row in stored_cards.values():
        if card_row.origin == Origin.GENERATED and not card_row.edited:
            card_row.status = ItemStatus.RETIRED
    session.execute(delete(KnowledgePointRow).where(KnowledgePointRow.topic_id == topic.id))
    if points:
        session.execute(insert(KnowledgePointRow), [
            dict(topic_id=topic.id, kind="list" if point.items else ("change" if point.old else "provision"),
                 text=point.statement, data=_point_data(point), quote=point.quote, start=point.start, end=point.end)
            for point in points])
    session.flush()
    return StoreCounts(**counts)
