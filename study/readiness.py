"""Readiness forecasts from the database: today's predicted mock-exam score, the forecast stored at each exam, history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import fsrs
from sqlalchemy import select
from sqlalchemy.orm import Session

from question_bank.models import FlashcardRow, QuestionRow
from study.forecast import (
    AnswerSummary,
    Calibration,
    ForecastPair,
    ItemEvidence,
    PastAnswer,
    ScoreForecast,
    calibrate,
    forecast_score,
    guess_rate,
    item_probability,
    summarize,
)
from study.goal_models import ReadinessForecastRow
from study.models import AttemptItemRow, CardStateRow, QuizAttemptRow
from question_bank.vocabulary import USABLE_STATUSES
from study.quiz import distinct_questions
from study.scheduling import card_from_row
from study.types import QuizMode, QuizSpec

HISTORY_DAYS = 180  # answers older than this are left out of the forecast
_SCHEDULER = fsrs.Scheduler()


@dataclass(frozen=True)
class ForecastRecord:
    """A forecast stored at a mock exam, beside the score the learner got."""

    attempt_id: int
    made_at: dt.datetime
    predicted_percent: float
    low_percent: float
    high_percent: float
    actual_percent: float


def exam_pool(session: Session, spec: QuizSpec) -> list[QuestionRow]:
    """The questions a mock exam with this spec draws from (as `start_quiz` does), or its fixed list."""
    if spec.question_ids is not None:
        wanted = list(dict.fromkeys(int(q) for q in spec.question_ids))
        rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(wanted)))}
        return [rows[q] for q in wanted if q in rows]
    query = select(QuestionRow).where(QuestionRow.status.in_(USABLE_STATUSES))
    if spec.topic_ids:
        query = query.where(QuestionRow.topic_id.in_(list(spec.topic_ids)))
    if spec.types:
        query = query.where(QuestionRow.type.in_([t.value for t in spec.types]))
    return distinct_questions(list(session.scalars(query.order_by(QuestionRow.id))))


def _recalls(session: Session, *, learner_id: int, as_of: dt.datetime) -> tuple[dict[tuple[int, str], float], dict[int, float]]:
    """Mean FSRS retrievability at `as_of` per (topic, knowledge point) and per topic; never-studied cards count 0."""
    recall = {
        row.flashcard_id: _SCHEDULER.get_card_retrievability(card_from_row(row), as_of)
        for row in session.scalars(select(CardStateRow).where(CardStateRow.learner_id == learner_id))
        if row.stability is not None and row.last_review is not None
    }
    by_point: dict[tuple[int, str], list[float]] = defaultdict(list)
    by_topic: dict[int, list[float]] = defaultdict(list)
    for card_id, topic_id, point in session.execute(
        select(FlashcardRow.id, FlashcardRow.topic_id, FlashcardRow.point_key).where(FlashcardRow.status.in_(USABLE_STATUSES))
    ):
        r = recall.get(card_id, 0.0)
        by_topic[topic_id].append(r)
        if point:
            by_point[(topic_id, point)].append(r)
    return ({key: sum(v) / len(v) for key, v in by_point.items()}, {key: sum(v) / len(v) for key, v in by_topic.items()})


def item_evidence(
    session: Session, *, learner_id: int, questions: Sequence[QuestionRow], as_of: dt.datetime
) -> list[ItemEvidence]:
    """Each question's evidence: its knowledge point's and topic's card recall, and the answers given before `as_of`."""
    point_recall, topic_recall = _recalls(session, learner_id=learner_id, as_of=as_of)
    point_of = {qid: (topic, point) for qid, topic, point in session.execute(
        select(QuestionRow.id, QuestionRow.topic_id, QuestionRow.point_key))}
    answers: dict[int, list[PastAnswer]] = defaultdict(list)
    for question_id, score, answered_at in session.execute(
        select(AttemptItemRow.question_id, AttemptItemRow.score, AttemptItemRow.answered_at).where(
            AttemptItemRow.learner_id == learner_id, AttemptItemRow.answered_at < as_of,
            AttemptItemRow.answered_at >= as_of - dt.timedelta(days=HISTORY_DAYS))
    ):
        if answered_at is not None:
            answers[question_id].append(PastAnswer((as_of - answered_at).total_seconds() / 86400, float(score or 0.0)))
    by_item = {qid: summarize(given) for qid, given in answers.items()}
    by_point: dict[tuple[int, str], AnswerSummary] = defaultdict(AnswerSummary)
    by_topic: dict[int, AnswerSummary] = defaultdict(AnswerSummary)
    for qid, summary in by_item.items():
        topic, point = point_of.get(qid, (0, ""))
        by_topic[topic] += summary
        if point:
            by_point[(topic, point)] += summary
    evidence = []
    for q in questions:
        qid, topic, point = q.id, q.topic_id, q.point_key
        own = by_item.get(qid, AnswerSummary())
        on_point = by_point.get((topic, point), AnswerSummary()) - own if point else AnswerSummary()
        beyond = by_topic.get(topic, AnswerSummary()) - own - on_point
        evidence.append(ItemEvidence(
            question_id=qid, guess=guess_rate(q.type, len(q.options or ())),
            point_recall=point_recall.get((topic, point)) if point else None, topic_recall=topic_recall.get(topic),
            item_answers=own, point_answers=on_point, topic_answers=beyond,
        ))
    return evidence


def stored_pairs(session: Session, *, before: dt.datetime | None = None) -> list[ForecastPair]:
    """Every stored (raw forecast, real score) pair, optionally only those made before a moment."""
    query = select(ReadinessForecastRow.learner_id, ReadinessForecastRow.raw_percent, ReadinessForecastRow.actual_percent,
                   ReadinessForecastRow.items)
    if before is not None:
        query = query.where(ReadinessForecastRow.made_at < before)
    return [ForecastPair(learner_id=a, raw_percent=b, actual_percent=c, items=d) for a, b, c, d in session.execute(query)]


def readiness_forecast(
    session: Session, *, learner_id: int, spec: QuizSpec, now: dt.datetime, calibration: Calibration | None = None
) -> ScoreForecast | None:
    """The predicted score of a mock exam with this spec taken at `now`, recalibrated; None if no question fits."""
    pool = exam_pool(session, spec)
    if not pool:
        return None
    evidence = item_evidence(session, learner_id=learner_id, questions=pool, as_of=now)
    if calibration is None:
        calibration = calibrate(stored_pairs(session, before=now), learner_id=learner_id)
    count = len(pool) if spec.question_ids is not None else spec.count
    return forecast_score([item_probability(e) for e in evidence], count=count, calibration=calibration)


def record_exam_forecast(session: Session, *, attempt_id: int) -> ForecastRecord | None:
    """Store, beside a submitted mock exam's score, the forecast as it stood when the exam began (once).

    The forecast reads only what was known at the start: answers given before it and card recall then.
    Called by `submit_attempt` for mock exams; other modes and unsubmitted attempts are left alone.
    """
    attempt = session.get(QuizAttemptRow, attempt_id)
    if attempt is None or attempt.submitted_at is None or attempt.mode != QuizMode.EXAM.value:
        return None
    if session.scalar(select(ReadinessForecastRow.id).where(ReadinessForecastRow.attempt_id == attempt_id)) is not None:
        return None
    spec = QuizSpec.from_json(attempt.spec)
    items = int(attempt.max_score or 0)
    forecast = readiness_forecast(session, learner_id=attempt.learner_id, spec=spec, now=attempt.started_at)
    if forecast is None or items == 0:
        return None
    actual = 100.0 * (attempt.score or 0.0) / items
    row = ReadinessForecastRow(
        learner_id=attempt.learner_id, attempt_id=attempt.id, made_at=attempt.started_at,
        raw_percent=forecast.raw_percent, predicted_percent=forecast.percent, low_percent=forecast.low,
        high_percent=forecast.high, actual_percent=actual, items=items,
    )
    session.add(row)
    session.flush()
    return _record(row)


def _record(row: ReadinessForecastRow) -> ForecastRecord:
    return ForecastRecord(attempt_id=row.attempt_id, made_at=row.made_at, predicted_percent=row.predicted_percent,
                          low_percent=row.low_percent, high_percent=row.high_percent, actual_percent=row.actual_percent)


def forecast_history(session: Session, *, learner_id: int) -> tuple[ForecastRecord, ...]:
    """The learner's stored forecasts and real scores, oldest first (the progress page's chart)."""
    rows = session.scalars(
        select(ReadinessForecastRow).where(ReadinessForecastRow.learner_id == learner_id)
        .order_by(ReadinessForecastRow.made_at, ReadinessForecastRow.id)
    )
    return tuple(_record(row) for row in rows)
