"""Readiness forecasts from the database: today's forecast, the one stored at each mock exam, recalibration."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from question_bank.models import FlashcardRow, QuestionRow
from study.attempts import answer_question, submit_attempt
from study.forecast import guess_rate
from study.goal_models import ReadinessForecastRow
from study.quiz import load_quiz_session, start_quiz
from study.readiness import exam_pool, forecast_history, readiness_forecast, record_exam_forecast
from study.scheduling import review_flashcard
from study.types import QuizMode, QuizSpec, Rating
from tests.study.conftest import SmallBank
from tests.study.test_quiz import correct_display_answer

EXAM = QuizSpec(count=10, mode=QuizMode.EXAM)


def _sit_exam(factory: sessionmaker[Session], learner_id: int, now: dt.datetime, *, right: int) -> int:
    """Start a mock exam, answer the first `right` questions correctly and leave the rest, submit."""
    with factory() as session, session.begin():
        attempt_id = int(start_quiz(session, learner_id=learner_id, spec=EXAM, now=now, rng=random.Random(7)))
    with factory() as session, session.begin():
        quiz = load_quiz_session(session, attempt_id, now)
        for view in quiz.items[:right]:
            answer_question(session, attempt_id=attempt_id, position=view.position,
                            answer=correct_display_answer(session, view), now=now + dt.timedelta(minutes=5))
        submit_attempt(session, attempt_id=attempt_id, now=now + dt.timedelta(minutes=20))
    return attempt_id


def test_a_learner_who_studied_nothing_is_forecast_at_the_guessing_rate(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        pool = exam_pool(session, EXAM)
        forecast = readiness_forecast(session, learner_id=learner_id, spec=EXAM, now=now)
    assert forecast is not None and forecast.pool == len(pool) == len(bank.question_ids) and forecast.items == 10
    guessing = sum(guess_rate(q.type, len(q.options or ())) for q in pool) / len(pool)
    assert forecast.raw_percent == pytest.approx(100 * guessing)
    assert forecast.low < forecast.percent < forecast.high


def test_remembered_cards_raise_the_items_on_their_knowledge_point_and_else_their_topic(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    topic = bank.topic_ids[0]
    with factory() as session, session.begin():
        for row in session.scalars(select(QuestionRow).where(QuestionRow.topic_id == topic)):
            row.point_key = "p1" if row.type == "judge" else "p2"
        for card in session.scalars(select(FlashcardRow).where(FlashcardRow.topic_id == topic)):
            card.point_key = "p1" if card.id == bank.flashcard_ids[0] else "p3"
    only_judges = QuizSpec(count=2, mode=QuizMode.EXAM, topic_ids=(topic,))
    with factory() as session, session.begin():
        before = readiness_forecast(session, learner_id=learner_id, spec=only_judges, now=now)
        for _ in range(2):
            review_flashcard(session, learner_id=learner_id, flashcard_id=bank.flashcard_ids[0], rating=Rating.GOOD,
                             now=now, enable_fuzzing=False)
    later = now + dt.timedelta(hours=1)
    with factory() as session, session.begin():
        after = readiness_forecast(session, learner_id=learner_id, spec=only_judges, now=later)
        pool = exam_pool(session, only_judges)
    assert before is not None and after is not None
    # items on p1 (the judges) take the recall of p1's one card (1.0 an hour after learning it); items on p2,
    # which has no card, take the topic's: one remembered card of three
    rise = sum((1 - guess_rate(q.type, len(q.options or ()))) * 0.95 * (1.0 if q.type == "judge" else 1 / 3) for q in pool)
    assert after.raw_percent - before.raw_percent == pytest.approx(100 * rise / len(pool))


def test_each_mock_exam_stores_the_forecast_made_as_it_began_beside_its_score(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        expected = readiness_forecast(session, learner_id=learner_id, spec=EXAM, now=now)
    attempt_id = _sit_exam(factory, learner_id, now, right=8)
    with factory() as session, session.begin():
        history = forecast_history(session, learner_id=learner_id)
        assert record_exam_forecast(session, attempt_id=attempt_id) is None  # stored once
    assert expected is not None and len(history) == 1
    stored = history[0]
    assert stored.attempt_id == attempt_id and stored.made_at == now
    assert stored.predicted_percent == pytest.approx(expected.percent)  # its own answers are not evidence
    assert stored.actual_percent == pytest.approx(80.0)


def test_practice_quizzes_store_no_forecast(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    with factory() as session, session.begin():
        attempt_id = start_quiz(session, learner_id=learner_id, spec=QuizSpec(count=3), now=now, rng=rng)
        submit_attempt(session, attempt_id=attempt_id, now=now)
        assert session.scalars(select(ReadinessForecastRow)).first() is None


def test_stored_pairs_recalibrate_the_next_forecast(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    """A learner who keeps scoring above the guessing-rate forecast is forecast higher than the raw model says."""
    for day in range(4):
        _sit_exam(factory, learner_id, now + dt.timedelta(days=30 * day), right=9)
    later = now + dt.timedelta(days=200)  # the answers themselves have faded out of the evidence
    with factory() as session, session.begin():
        forecast = readiness_forecast(session, learner_id=learner_id, spec=EXAM, now=later)
        history = forecast_history(session, learner_id=learner_id)
    assert forecast is not None and forecast.percent > forecast.raw_percent + 10
    assert [h.actual_percent for h in history] == [90.0] * 4
    assert history[-1].predicted_percent > history[0].predicted_percent
