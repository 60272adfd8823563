"""The persisting steps of an attempt: answer, flag, move, submit, resume or expire, and the result."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.answer_shapes import answer_problem
from question_bank.drafts import QuestionId, QuestionType, TopicId
from question_bank.models import QuestionRow, TopicRow
from study.answers import answer_text, display_options, to_bank, to_display
from study.models import AttemptItemRow, QuizAttemptRow
from study.scoring import score_answer
from study.study_days import mark_study_day
from study.types import (
    AnswerResult,
    AttemptId,
    AttemptResult,
    ItemResult,
    QuizMode,
    QuizSpec,
    TopicScore,
    UnfinishedAttempt,
)
from study.wrong_answers import record_outcome


def _attempt(session: Session, attempt_id: int) -> QuizAttemptRow:
    attempt = session.get(QuizAttemptRow, attempt_id)
    if attempt is None:
        raise UserError(f"找不到编号为{attempt_id}的测验。")
    return attempt


def _item(session: Session, attempt_id: int, position: int) -> AttemptItemRow:
    item = session.scalars(
        select(AttemptItemRow).where(AttemptItemRow.attempt_id == attempt_id, AttemptItemRow.position == position)
    ).first()
    if item is None:
        raise UserError(f"本次测验没有第{position + 1}题。")
    return item


def _feedback(position: int, item: AttemptItemRow, question: QuestionRow) -> AnswerResult:
    return AnswerResult(
        position=position, recorded=False, correct=bool(item.correct), score=item.score,
        correct_answer_text=answer_text(QuestionType(question.type), question.options, question.answer, item.option_order),
        explanation=question.explanation, quote=question.quote,
    )


def answer_question(
    session: Session, *, attempt_id: int, position: int, answer: Any, now: dt.datetime, duration_ms: int = 0
) -> AnswerResult:
    """Store, score and time one answer given in DISPLAY terms (see `QuizQuestionView`); None clears it.

    Practice mode returns feedback and locks the question once answered (and updates the
    wrong-answer book at once); timed quizzes and exams accept changes until submitted and give no
    feedback. After the deadline nothing is recorded: the attempt is submitted as it stood.
    """
    attempt = _attempt(session, attempt_id)
    if attempt.submitted_at is not None:
        return AnswerResult(position=position, recorded=False)
    if attempt.deadline_at is not None and now >= attempt.deadline_at:
        submit_attempt(session, attempt_id=attempt_id, now=now)
        return AnswerResult(position=position, recorded=False)
    item = _item(session, attempt_id, position)
    question = session.get(QuestionRow, item.question_id)
    assert question is not None  # attempt_items.question_id is a foreign key
    practice = attempt.mode is QuizMode.PRACTICE
    if practice and item.answered_at is not None:
        return _feedback(position, item, question)
    qtype = QuestionType(question.type)
    size = len(question.options or ())
    bank_answer = to_bank(qtype, answer, item.option_order, size)
    problem = None if bank_answer is None else answer_problem(qtype, question.options, question.answer, bank_answer)
    if problem is not None:
        raise UserError(f"答案格式不正确：{problem}。")
    partial = attempt.spec.get("partial_credit") is True  # one field: parsing the whole spec costs the hot path
    scored = score_answer(qtype, question.answer, bank_answer, partial_credit=partial)
    item.answer = bank_answer
    item.answered_at = None if bank_answer is None else now
    item.score = None if bank_answer is None else scored.score
    item.correct = None if bank_answer is None else scored.correct
    item.duration_ms = (item.duration_ms or 0) + max(0, int(duration_ms))
    attempt.current_index = position
    if bank_answer is not None:
        mark_study_day(session, learner_id=attempt.learner_id, now=now)
    if not practice:
        session.flush()
        return AnswerResult(position=position, recorded=True)
    if bank_answer is not None:
        record_outcome(session, learner_id=attempt.learner_id, question_id=question.id, correct=scored.correct, now=now)
    session.flush()
    return AnswerResult(
        position=position, recorded=True, correct=scored.correct, score=scored.score,
        correct_answer_text=answer_text(qtype, question.options, question.answer, item.option_order),
        explanation=question.explanation, quote=question.quote,
    )


def set_flag(session: Session, *, attempt_id: int, position: int, flagged: bool) -> None:
    """Mark or unmark a question to come back to."""
    _item(session, attempt_id, position).flagged = flagged
    session.flush()


def set_current(session: Session, *, attempt_id: int, position: int) -> None:
    """Remember which question is on screen (a resumed attempt opens there)."""
    _attempt(session, attempt_id).current_index = max(0, position)
    session.flush()


def submit_attempt(session: Session, *, attempt_id: int, now: dt.datetime) -> AttemptResult:
    """Close an attempt: total the items, decide pass/fail, and put wrong answers in the wrong book.

    Submitting after the deadline counts as submitted at the deadline (time used = the limit).
    Submitting twice returns the first result.
    """
    attempt = _attempt(session, attempt_id)
    if attempt.submitted_at is None:
        submitted = min(now, attempt.deadline_at) if attempt.deadline_at is not None else now
        items = list(session.scalars(select(AttemptItemRow).where(AttemptItemRow.attempt_id == attempt_id)))
        spec = QuizSpec.from_json(attempt.spec)
        total = sum(item.score or 0.0 for item in items)
        attempt.score = total
        attempt.max_score = float(len(items))
        attempt.passed = bool(items) and total / len(items) >= spec.pass_mark - 1e-9
        attempt.submitted_at = submitted
        if attempt.mode is not QuizMode.PRACTICE:
            for item in items:
                if item.answered_at is not None:
                    record_outcome(
                        session, learner_id=attempt.learner_id, question_id=item.question_id,
                        correct=bool(item.correct), now=submitted,
                    )
        session.flush()
    return attempt_result(session, attempt_id=attempt_id)


def attempt_result(session: Session, *, attempt_id: int) -> AttemptResult:
    """The result of a submitted attempt with every item, for the review screen."""
    attempt = _attempt(session, attempt_id)
    if attempt.submitted_at is None:
        raise UserError("该测验尚未交卷。")
    spec = QuizSpec.from_json(attempt.spec)
    rows = session.execute(
        select(AttemptItemRow, QuestionRow, TopicRow.title, TopicRow.document_id)
        .join(QuestionRow, QuestionRow.id == AttemptItemRow.question_id)
        .join(TopicRow, TopicRow.id == QuestionRow.topic_id)
        .where(AttemptItemRow.attempt_id == attempt_id)
        .order_by(AttemptItemRow.position)
    ).all()
    items: list[ItemResult] = []
    by_topic: dict[int, list[ItemResult]] = defaultdict(list)
    for item, question, title, document_id in rows:
        qtype = QuestionType(question.type)
        result = ItemResult(
            position=item.position, question_id=QuestionId(question.id), topic_id=TopicId(question.topic_id),
            topic_title=title, type=qtype, stem=question.stem,
            options=display_options(qtype, question.options, item.option_order),
            learner_answer=to_display(qtype, item.answer, item.option_order),
            learner_answer_text=answer_text(qtype, question.options, item.answer, item.option_order),
            correct_answer_text=answer_text(qtype, question.options, question.answer, item.option_order),
            explanation=question.explanation, quote=question.quote, start=question.start, end=question.end,
            document_id=document_id, answered=item.answered_at is not None, correct=bool(item.correct),
            score=item.score or 0.0, flagged=item.flagged,
        )
        items.append(result)
        by_topic[result.topic_id].append(result)
    topics = tuple(
        TopicScore(
            topic_id=TopicId(topic_id), topic_title=group[0].topic_title, questions=len(group),
            score=sum(i.score for i in group), correct=sum(1 for i in group if i.correct),
        )
        for topic_id, group in by_topic.items()
    )
    max_score = attempt.max_score or float(len(items))
    score = attempt.score or 0.0
    return AttemptResult(
        attempt_id=AttemptId(attempt.id), mode=QuizMode(attempt.mode), score=score, max_score=max_score,
        percent=100.0 * score / max_score if max_score else 0.0, passed=bool(attempt.passed), pass_mark=spec.pass_mark,
        started_at=attempt.started_at, submitted_at=attempt.submitted_at, time_used=attempt.submitted_at - attempt.started_at,
        expired=attempt.deadline_at is not None and attempt.submitted_at >= attempt.deadline_at,
        answered=sum(1 for i in items if i.answered), topics=topics, items=tuple(items), paper_uid=attempt.paper_uid,
    )


def _unfinished_value(session: Session, attempt: QuizAttemptRow, now: dt.datetime) -> UnfinishedAttempt:
    items = list(session.execute(select(AttemptItemRow.answered_at).where(AttemptItemRow.attempt_id == attempt.id)))
    remaining = None if attempt.deadline_at is None else max(dt.timedelta(0), attempt.deadline_at - now)
    return UnfinishedAttempt(
        attempt_id=AttemptId(attempt.id), mode=QuizMode(attempt.mode), started_at=attempt.started_at,
        deadline_at=attempt.deadline_at, remaining=remaining,
        answered=sum(1 for (answered_at,) in items if answered_at is not None), total=len(items),
        paper_uid=attempt.paper_uid,
    )


def _open_attempts(session: Session, learner_id: int) -> list[QuizAttemptRow]:
    return list(
        session.scalars(
            select(QuizAttemptRow)
            .where(QuizAttemptRow.learner_id == learner_id, QuizAttemptRow.submitted_at.is_(None))
            .order_by(QuizAttemptRow.started_at.desc(), QuizAttemptRow.id.desc())
        )
    )


def resume_or_expire(session: Session, *, learner_id: int, now: dt.datetime) -> list[UnfinishedAttempt]:
    """At start: submit open attempts whose deadline passed (as they stood); report the rest, newest first."""
    unfinished = []
    for attempt in _open_attempts(session, learner_id):
        if attempt.deadline_at is not None and now >= attempt.deadline_at:
            submit_attempt(session, attempt_id=attempt.id, now=now)
        else:
            unfinished.append(_unfinished_value(session, attempt, now))
    return unfinished


def unfinished_attempt(session: Session, *, learner_id: int, now: dt.datetime) -> UnfinishedAttempt | None:
    """The newest open attempt still within its time (read-only; `resume_or_expire` closes expired ones)."""
    for attempt in _open_attempts(session, learner_id):
        if attempt.deadline_at is None or now < attempt.deadline_at:
            return _unfinished_value(session, attempt, now)
    return None


def answer_feedback(session: Session, *, attempt_id: int, position: int) -> AnswerResult:
    """The feedback on a question already answered (read-only: what a locked practice question shows)."""
    item = _item(session, attempt_id, position)
    question = session.get(QuestionRow, item.question_id)
    assert question is not None  # attempt_items.question_id is a foreign key
    return _feedback(position, item, question)
