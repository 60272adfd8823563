"""The wrong-answer book (错题本): wrong answers enter it; two correct answers in a row later take them out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from question_bank.drafts import QuestionId, QuestionType, TopicId
from question_bank.models import QuestionRow, TopicRow
from study.answers import answer_text
from study.models import WrongAnswerRow
from study.types import WrongBookEntry

STREAK_TO_LEAVE = 2


def record_outcome(session: Session, *, learner_id: int, question_id: int, correct: bool, now: dt.datetime) -> None:
    """Update the book after one scored answer: a wrong one enters (or re-enters) it, right ones count."""
    entry = session.scalars(
        select(WrongAnswerRow).where(WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.question_id == question_id)
    ).first()
    if not correct:
        if entry is None:
            session.add(
                WrongAnswerRow(
                    learner_id=learner_id, question_id=question_id, added_at=now, last_wrong_at=now,
                    wrong_count=1, correct_streak=0,
                )
            )
        else:
            entry.wrong_count += 1
            entry.last_wrong_at = now
            entry.correct_streak = 0
            entry.resolved_at = None
    elif entry is not None and entry.resolved_at is None:
        entry.correct_streak += 1
        if entry.correct_streak >= STREAK_TO_LEAVE:
            entry.resolved_at = now
    session.flush()


def wrong_book(session: Session, *, learner_id: int, topic_ids: Sequence[int] | None = None) -> list[WrongBookEntry]:
    """The open entries, by topic (document order), most recent mistake first within a topic."""
    query = (
        select(WrongAnswerRow, QuestionRow, TopicRow.title)
        .join(QuestionRow, QuestionRow.id == WrongAnswerRow.question_id)
        .join(TopicRow, TopicRow.id == QuestionRow.topic_id)
        .where(WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.resolved_at.is_(None))
        .order_by(TopicRow.document_id, TopicRow.position, WrongAnswerRow.last_wrong_at.desc(), WrongAnswerRow.id)
    )
    if topic_ids:
        query = query.where(QuestionRow.topic_id.in_(list(topic_ids)))
    entries = []
    for entry, question, title in session.execute(query):
        qtype = QuestionType(question.type)
        entries.append(
            WrongBookEntry(
                question_id=QuestionId(question.id), topic_id=TopicId(question.topic_id), topic_title=title, type=qtype,
                stem=question.stem, correct_answer_text=answer_text(qtype, question.options, question.answer, None),
                wrong_count=entry.wrong_count, correct_streak=entry.correct_streak, last_wrong_at=entry.last_wrong_at,
            )
        )
    return entries


def wrong_book_count(session: Session, *, learner_id: int) -> int:
    """How many questions are open in the learner's book."""
    return int(
        session.scalar(
            select(func.count()).select_from(WrongAnswerRow).where(
                WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.resolved_at.is_(None)
            )
        )
        or 0
    )
