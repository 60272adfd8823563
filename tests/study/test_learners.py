"""Learner profiles: the active one, settings, and deleting only that learner's data."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.models import QuestionRow
from study.attempts import answer_question, submit_attempt
from study.learners import (
    active_learner,
    create_learner,
    delete_learner,
    get_learner,
    list_learners,
    rename_learner,
    set_active_learner,
    update_learner_settings,
)
from study.models import (
    AttemptItemRow,
    CardStateRow,
    QuizAttemptRow,
    ReviewLogRow,
    WrongAnswerRow,
)
from study.quiz import start_quiz
from study.scheduling import review_flashcard
from study.types import QuizMode, QuizSpec, Rating
from tests.study.conftest import SmallBank


def _give_history(s: Session, learner_id: int, bank: SmallBank, now: dt.datetime, rng: random.Random) -> None:
    for card in bank.flashcard_ids[:4]:
        review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.AGAIN, now=now)
    judged = bank.question_ids[2:5]  # a multiple choice, then a true and a false statement
    attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=judged, mode=QuizMode.EXAM), now=now, rng=rng)
    answer_question(s, attempt_id=attempt_id, position=1, answer=False, now=now)
    answer_question(s, attempt_id=attempt_id, position=2, answer=True, now=now)
    submit_attempt(s, attempt_id=attempt_id, now=now)


def _counts(s: Session, learner_id: int) -> tuple[int, ...]:
    return tuple(
        int(s.scalar(select(func.count()).select_from(table).where(table.learner_id == learner_id)) or 0)
        for table in (CardStateRow, ReviewLogRow, QuizAttemptRow, AttemptItemRow, WrongAnswerRow)
    )


def test_profiles_active_learner_settings_and_delete_only_that_learners_data(
    factory: sessionmaker[Session], bank: SmallBank, now: dt.datetime, rng: random.Random
) -> None:
    with factory() as s, s.begin():
        assert active_learner(s) is None
        zhang = create_learner(s, "  张三 ", now=now, unit="第一巡视组")
        li = create_learner(s, "李四", now=now)
        assert active_learner(s) == zhang  # the first profile becomes active
        set_active_learner(s, li.id)
        _give_history(s, zhang.id, bank, now, rng)
        _give_history(s, li.id, bank, now, rng)
    with factory() as s, s.begin():
        assert [l.name for l in list_learners(s)] == ["张三", "李四"]
        assert rename_learner(s, zhang.id, name="张三丰", unit="第二巡视组").unit == "第二巡视组"
        updated = update_learner_settings(s, zhang.id, daily_new_limit=30, desired_retention=0.85)
        assert (updated.daily_new_limit, updated.desired_retention) == (30, 0.85)
        with pytest.raises(UserError, match="目标记忆保持率"):
            update_learner_settings(s, zhang.id, desired_retention=0.5)
        with pytest.raises(UserError, match="姓名不能为空"):
            create_learner(s, "   ", now=now)
        before_li = _counts(s, li.id)
        assert _counts(s, zhang.id) == before_li == (4, 4, 1, 3, 2)
    with factory() as s, s.begin():
        delete_learner(s, li.id)
    with factory() as s, s.begin():
        assert _counts(s, li.id) == (0, 0, 0, 0, 0)
        assert _counts(s, zhang.id) == (4, 4, 1, 3, 2)
        assert s.scalar(select(func.count()).select_from(QuestionRow)) == 30  # the bank is untouched
        assert active_learner(s) == get_learner(s, zhang.id)  # the active profile moves to one that remains
        with pytest.raises(UserError, match="找不到"):
            get_learner(s, li.id)
        delete_learner(s, zhang.id)
        assert active_learner(s) is None
