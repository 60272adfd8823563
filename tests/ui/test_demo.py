"""Tests for ui/demo.py: the demonstration learner's history is real, varied and the same for the same seed."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.data_dir import sqlite_url
from question_bank.builtin import builtin_context
from study import (
    QuizMode,
    get_learner,
    progress_stats,
    unfinished_attempt,
    wrong_book_count,
)
from study.models import QuizAttemptRow, ReviewLogRow
from tests.conftest import FIXED_NOW
from ui.demo import DEMO_LEARNER_NAME, DEMO_LEARNER_UNIT, HISTORY_DAYS, build_demo_data


def _history(factory: sessionmaker[Session], learner_id: int) -> dict[str, Any]:
    """Everything the demo wrote that a learner would see, in a comparable form."""
    with factory() as session:
        reviews = session.execute(
            select(ReviewLogRow.flashcard_id, ReviewLogRow.rating, ReviewLogRow.reviewed_at)
            .where(ReviewLogRow.learner_id == learner_id)
            .order_by(ReviewLogRow.id)
        ).all()
        attempts = session.execute(
            select(QuizAttemptRow.mode, QuizAttemptRow.score, QuizAttemptRow.started_at, QuizAttemptRow.submitted_at)
            .where(QuizAttemptRow.learner_id == learner_id)
            .order_by(QuizAttemptRow.id)
        ).all()
    return {"reviews": [tuple(r) for r in reviews], "attempts": [tuple(a) for a in attempts]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One demo database (the built-in bank plus 示例学员), shared by the read-only tests below."""
    data_dir = tmp_path_factory.mktemp("demo")
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    factory = context.session_factory()
    learner_id = build_demo_data(factory, now=FIXED_NOW, rng=random.Random(1))  # a draw whose weakest practice day is not 1 in 10
    yield factory, learner_id
    context.dispose()


def test_demo_learner_has_three_weeks_of_reviews_quizzes_and_exams(demo: Any) -> None:
    factory, learner_id = demo
    with factory() as session:
        learner = get_learner(session, learner_id)
        stats = progress_stats(session, learner_id=learner_id, now=FIXED_NOW, days=30)
        wrong = wrong_book_count(session, learner_id=learner_id)
    assert (learner.name, learner.unit) == (DEMO_LEARNER_NAME, DEMO_LEARNER_UNIT)
    active_days = [d for d in stats.days if d.reviews or d.answers]
    assert HISTORY_DAYS - 6 <= len(active_days) <= HISTORY_DAYS
    assert min(d.day for d in active_days) >= (FIXED_NOW - dt.timedelta(days=HISTORY_DAYS + 1)).date()
    assert stats.total_reviews >= 200
    assert stats.total_answers >= 100
    assert stats.streak_days >= 3
    modes = [exam.mode for exam in stats.exams]
    assert modes.count(QuizMode.EXAM) == 2
    assert {exam.passed for exam in stats.exams if exam.mode is QuizMode.EXAM} == {True, False}
    assert 0 < wrong < stats.total_answers
    accuracies = [d.accuracy for d in stats.days if d.accuracy is not None]
    assert 0.2 < min(accuracies) < max(accuracies) <= 1.0


def test_demo_leaves_one_exam_unfinished_with_time_left(demo: Any) -> None:
    factory, learner_id = demo
    with factory() as session:
        open_exam = unfinished_attempt(session, learner_id=learner_id, now=FIXED_NOW)
    assert open_exam is not None
    assert open_exam.mode is QuizMode.EXAM
    assert (open_exam.answered, open_exam.total) == (6, 20)
    assert open_exam.remaining is not None
    assert dt.timedelta(minutes=20) < open_exam.remaining < dt.timedelta(minutes=60)


def test_same_seed_gives_the_same_history_and_another_seed_a_different_one(demo: Any, tmp_path: Path) -> None:
    factory, learner_id = demo
    histories = []
    for name, seed in (("again", 1), ("other", 8)):
        context = builtin_context(data_dir=tmp_path / name, db_url=sqlite_url(tmp_path / name), clock=lambda: FIXED_NOW)
        other_factory = context.session_factory()
        other_id = build_demo_data(other_factory, now=FIXED_NOW, rng=random.Random(seed))
        histories.append(_history(other_factory, other_id))
        with other_factory() as session:
            stats = progress_stats(session, learner_id=other_id, now=FIXED_NOW, days=30)
        exams = sorted((e for e in stats.exams if e.mode is QuizMode.EXAM), key=lambda e: e.submitted_at)
        assert [e.passed for e in exams] == [False, True]  # whatever the draw: a failed mock exam, then a pass
        context.dispose()
    assert histories[0] == _history(factory, learner_id)
    assert histories[1] != histories[0]


def test_the_demo_home_page_counts_the_reviews_its_plan_card_shows(demo: Any) -> None:
    from study import dashboard
    from study.exam_goal import plan_queue, todays_plan

    factory, learner_id = demo
    with factory() as session:
        board = dashboard(session, learner_id=learner_id, now=FIXED_NOW)
        plan = todays_plan(session, learner_id=learner_id, now=FIXED_NOW)
        queue = plan_queue(session, learner_id=learner_id, now=FIXED_NOW)
    assert plan is not None and board.planned
    assert board.due_count == len(plan.today_review_ids) == len(queue.due)
