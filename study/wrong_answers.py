"""The wrong-answer book (错题本): wrong answers enter it; two correct answers in a row later take them out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from question_bank.drafts import QuestionId, QuestionType, TopicId
from question_bank.models import QuestionRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES
from study.answers import answer_text, display_options
from study.models import AttemptItemRow, QuizAttemptRow, WrongAnswerRow
from study.types import QuizMode, WrongBookEntry

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
        .where(WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.resolved_at.is_(None),
               QuestionRow.status.in_(USABLE_STATUSES))  # not a removed document's, nor one held for review
        .order_by(TopicRow.document_id, TopicRow.position, WrongAnswerRow.last_wrong_at.desc(), WrongAnswerRow.id)
    )
    if topic_ids:
        query = query.where(QuestionRow.topic_id.in_(list(topic_ids)))
    found = list(session.execute(query))
    last_wrong = _last_wrong_answers(session, learner_id, [question.id for _entry, question, _title in found])
    entries = []
    for entry, question, title in found:
        qtype = QuestionType(question.type)
        given, order = last_wrong.get(question.id, (None, None))
        entries.append(
            WrongBookEntry(
                question_id=QuestionId(question.id), topic_id=TopicId(question.topic_id), topic_title=title, type=qtype,
                stem=question.stem, correct_answer_text=answer_text(qtype, question.options, question.answer, order),
                wrong_count=entry.wrong_count, correct_streak=entry.correct_streak, last_wrong_at=entry.last_wrong_at,
                options=display_options(qtype, question.options, order),
                learner_answer_text=answer_text(qtype, question.options, given, order),
            )
        )
    return entries


def _last_wrong_answers(session: Session, learner_id: int, question_ids: list[int]) -> dict[int, tuple[Any, Any]]:
    """Per question, the learner's latest wrong answer and that attempt's option order (both as stored).

    The book then shows the options, the learner's answer and the right one in the letters the
    learner saw, the same as that attempt's results page; only handed-in (or practice) answers count.
    """
    if not question_ids:
        return {}
    rows = session.execute(
        select(AttemptItemRow.question_id, AttemptItemRow.answer, AttemptItemRow.option_order)
        .join(QuizAttemptRow, QuizAttemptRow.id == AttemptItemRow.attempt_id)
        .where(
            AttemptItemRow.learner_id == learner_id,
            AttemptItemRow.question_id.in_(question_ids),
            AttemptItemRow.correct.is_(False),
            AttemptItemRow.answered_at.is_not(None),
            QuizAttemptRow.submitted_at.is_not(None) | (QuizAttemptRow.mode == QuizMode.PRACTICE.value),
        )
        .order_by(AttemptItemRow.answered_at, AttemptItemRow.id)
    )
    return {question_id: (answer, order) for question_id, answer, order in rows}  # the latest wins


def wrong_book_count(session: Session, *, learner_id: int) -> int:
    """How many questions are open in the learner's book."""
    return int(
        session.scalar(
            select(func.count()).select_from(WrongAnswerRow)
            .join(QuestionRow, QuestionRow.id == WrongAnswerRow.question_id)
            .where(WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.resolved_at.is_(None),
                   QuestionRow.status.in_(USABLE_STATUSES))
        )
        or 0
    )
