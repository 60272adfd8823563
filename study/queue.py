"""Which flashcards to study: the daily queue, review-ahead cramming by topic, and leeches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from question_bank.drafts import FlashcardId, TopicId
from question_bank.models import FlashcardRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES
from study.models import CardStateRow, LearnerRow
from study.scheduling import retrievability
from study.types import CardView, DailyQueue

_CARD_COLUMNS = (
    FlashcardRow.id, FlashcardRow.topic_id, TopicRow.title, FlashcardRow.front, FlashcardRow.back,
    FlashcardRow.quote, FlashcardRow.start, FlashcardRow.end,
)


def local_day_start(now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> dt.datetime:
    """The UTC instant the learner's local calendar day containing `now` began."""
    local = now.astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.timezone.utc)


_STATE_COLUMNS = (CardStateRow.due, CardStateRow.lapses, CardStateRow.leech)


def _view(row: Any, state: Any = None) -> CardView:
    """A card view from a `_CARD_COLUMNS` row and, for a seen card, its (due, lapses, leech)."""
    return CardView(
        flashcard_id=FlashcardId(row[0]), topic_id=TopicId(row[1]), topic_title=row[2], front=row[3],
        back=row[4], quote=row[5], start=row[6], end=row[7], is_new=state is None,
        due=None if state is None else state[0],
        lapses=0 if state is None else state[1], leech=False if state is None else bool(state[2]),
    )


def card_view(session: Session, *, learner_id: int, flashcard_id: int) -> CardView | None:
    """One flashcard with this learner's state."""
    row = session.execute(
        select(*_CARD_COLUMNS).join(TopicRow, TopicRow.id == FlashcardRow.topic_id).where(FlashcardRow.id == flashcard_id)
    ).first()
    if row is None:
        return None
    state = session.execute(
        select(*_STATE_COLUMNS).where(CardStateRow.learner_id == learner_id, CardStateRow.flashcard_id == flashcard_id)
    ).first()
    return _view(row, state)


def _states_with_cards(session: Session, query: Any) -> list[CardView]:
    """Views from rows of `_STATE_COLUMNS + _CARD_COLUMNS` (plain columns: no ORM identity work)."""
    return [_view(row[3:], row[:3]) for row in session.execute(query)]


def due_count(session: Session, *, learner_id: int, now: dt.datetime) -> int:
    """How many usable cards the normal schedule has due now: the due part of `daily_queue`, counted."""
    return int(session.scalar(
        select(func.count()).select_from(CardStateRow)
        .join(FlashcardRow, FlashcardRow.id == CardStateRow.flashcard_id)
        .where(CardStateRow.learner_id == learner_id, CardStateRow.due <= now, FlashcardRow.status.in_(USABLE_STATUSES))
    ) or 0)


def daily_queue(
    session: Session,
    *,
    learner_id: int,
    now: dt.datetime,
    topic_ids: Sequence[int] | None = None,
    tz: dt.tzinfo = CHINA_TZ,
    weak_topic_ids: Sequence[int] | None = None,
) -> DailyQueue:
    """Due cards first (most overdue first), then new cards up to the daily limit, weak topics' first.

    The limit counts new cards already introduced since local midnight. `weak_topic_ids` may be
    given by a caller that has them; otherwise they are computed.
    """
    learner = session.get(LearnerRow, learner_id)
    limit = learner.daily_new_limit if learner is not None else 20
    base = (
        select(*_STATE_COLUMNS, *_CARD_COLUMNS)
        .join(FlashcardRow, FlashcardRow.id == CardStateRow.flashcard_id)
        .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
        .where(CardStateRow.learner_id == learner_id, CardStateRow.due <= now, FlashcardRow.status.in_(USABLE_STATUSES))
        .order_by(CardStateRow.due, CardStateRow.flashcard_id)
    )
    if topic_ids:
        base = base.where(CardStateRow.topic_id.in_(list(topic_ids)))
    due = _states_with_cards(session, base)
    introduced = session.scalar(
        select(func.count()).select_from(CardStateRow).where(
            CardStateRow.learner_id == learner_id, CardStateRow.introduced_at >= local_day_start(now, tz)
        )
    ) or 0
    room = max(0, limit - introduced)
    new: list[CardView] = []
    if room:
        if weak_topic_ids is None:
            from study.mastery import weak_topics

            weak_topic_ids = [w.topic_id for w in weak_topics(session, learner_id=learner_id, now=now)]
        seen = select(CardStateRow.flashcard_id).where(CardStateRow.learner_id == learner_id)
        query = (
            select(*_CARD_COLUMNS)
            .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
            .where(FlashcardRow.status.in_(USABLE_STATUSES), FlashcardRow.id.not_in(seen))
        )
        if topic_ids:
            query = query.where(FlashcardRow.topic_id.in_(list(topic_ids)))
        rank = {topic_id: i for i, topic_id in enumerate(weak_topic_ids)}
        for weak_only in (True, False):
            if len(new) >= room:
                break
            part = query.where(FlashcardRow.topic_id.in_(list(rank)) if weak_only else FlashcardRow.topic_id.not_in(list(rank)))
            part = part.order_by(TopicRow.document_id, TopicRow.position, FlashcardRow.id)
            if not weak_only:
                part = part.limit(room - len(new))
            rows = [_view(row) for row in session.execute(part)]
            if weak_only:
                rows.sort(key=lambda v: rank[v.topic_id])  # stable: bank order within a topic
            new.extend(rows[: room - len(new)])
    return DailyQueue(due=tuple(due), new=tuple(new), new_introduced_today=introduced, daily_new_limit=limit)


def cram_queue(session: Session, *, learner_id: int, topic_ids: Sequence[int], now: dt.datetime) -> tuple[CardView, ...]:
    """Every card of the topics for review-ahead: weakest recall first, then never-seen cards."""
    states = _states_with_cards(
        session,
        select(*_STATE_COLUMNS, *_CARD_COLUMNS)
        .join(FlashcardRow, FlashcardRow.id == CardStateRow.flashcard_id)
        .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
        .where(CardStateRow.learner_id == learner_id, FlashcardRow.status.in_(USABLE_STATUSES), CardStateRow.topic_id.in_(list(topic_ids))),
    )
    recall = {
        fid: retrievability(stability, last, now)
        for fid, stability, last in session.execute(
            select(CardStateRow.flashcard_id, CardStateRow.stability, CardStateRow.last_review).where(
                CardStateRow.learner_id == learner_id, CardStateRow.topic_id.in_(list(topic_ids))
            )
        )
    }
    states.sort(key=lambda v: (recall.get(v.flashcard_id, 0.0), v.flashcard_id))
    seen = select(CardStateRow.flashcard_id).where(CardStateRow.learner_id == learner_id)
    fresh = [
        _view(row)
        for row in session.execute(
            select(*_CARD_COLUMNS)
            .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
            .where(FlashcardRow.status.in_(USABLE_STATUSES), FlashcardRow.topic_id.in_(list(topic_ids)), FlashcardRow.id.not_in(seen))
            .order_by(TopicRow.document_id, TopicRow.position, FlashcardRow.id)
        )
    ]
    return tuple(states + fresh)


def leeches(session: Session, *, learner_id: int) -> tuple[CardView, ...]:
    """Cards forgotten 8 times or more: study them from the source text."""
    return tuple(
        _states_with_cards(
            session,
            select(*_STATE_COLUMNS, *_CARD_COLUMNS)
            .join(FlashcardRow, FlashcardRow.id == CardStateRow.flashcard_id)
            .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
            .where(CardStateRow.learner_id == learner_id, CardStateRow.leech.is_(True))
            .order_by(CardStateRow.lapses.desc(), CardStateRow.flashcard_id),
        )
    )
