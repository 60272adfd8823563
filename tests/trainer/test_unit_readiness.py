"""The trainer's per-unit readiness report: distribution of forecasts and who is likely to fall below the pass mark."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session, sessionmaker

from study.attempts import answer_question, submit_attempt
from study.learners import create_learner
from study.quiz import load_quiz_session, start_quiz
from study.types import QuizMode, QuizSpec
from trainer.unit_readiness import band_counts, unit_readiness
from tests.study.conftest import SmallBank
from tests.study.test_quiz import correct_display_answer


def test_band_counts_put_100_in_the_top_band() -> None:
    assert band_counts([0, 9.9, 10, 55, 100, 99]) == (2, 1, 0, 0, 0, 1, 0, 0, 0, 2)


def test_the_learner_who_practised_is_ready_and_the_other_is_likely_to_fail(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        other = int(create_learner(session, "王五", now=now, unit="第一巡视组").id)
        create_learner(session, "赵六", now=now, unit="第二巡视组")
        for round_ in range(2):  # two practice rounds, every answer right
            attempt_id = start_quiz(session, learner_id=learner_id, spec=QuizSpec(count=30, mode=QuizMode.PRACTICE),
                                    now=now, rng=random.Random(round_))
            for view in load_quiz_session(session, attempt_id, now).items:
                answer_question(session, attempt_id=attempt_id, position=view.position,
                                answer=correct_display_answer(session, view), now=now)
            submit_attempt(session, attempt_id=attempt_id, now=now)
    later = now + dt.timedelta(days=1)
    spec = QuizSpec(count=10, mode=QuizMode.EXAM, pass_mark=0.6)
    with factory() as session, session.begin():
        report = unit_readiness(session, spec=spec, now=later)
        only_first = unit_readiness(session, spec=spec, now=later, units=["第一巡视组"])
    assert [u.unit for u in report] == ["第一巡视组", "第二巡视组"]
    first = report[0]
    assert [r.learner_id for r in first.learners] == [other, learner_id]  # most at risk first
    assert [r.learner_id for r in first.at_risk] == [other]
    assert sum(first.band_counts) == 2 and first.pass_percent == 60
    assert first.learners[1].forecast.percent > 65 > 40 > first.learners[0].forecast.percent
    assert [u.unit for u in only_first] == ["第一巡视组"]
