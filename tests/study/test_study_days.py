"""Study days are recorded by reviews and answers, in China local time, once per day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from study.models import StudyDayRow
from study.scheduling import review_flashcard
from study.stats import study_streak
from study.study_days import mark_study_days
from study.types import Rating
from tests.study.conftest import SmallBank


def _days(factory: sessionmaker[Session], learner_id: int) -> list[str]:
    with factory() as s:
        return [d.isoformat() for d in s.scalars(select(StudyDayRow.day).where(StudyDayRow.learner_id == learner_id).order_by(StudyDayRow.day))]


def test_reviews_record_each_local_day_once(factory: sessionmaker[Session], bank: SmallBank, learner_id: int) -> None:
    evening_utc = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.timezone.utc)  # 01:30 on the 27th in Beijing
    with factory() as s, s.begin():
        for minutes in (0, 5, 10):
            review_flashcard(s, learner_id=learner_id, flashcard_id=bank.flashcard_ids[0], rating=Rating.GOOD,
                             now=evening_utc + dt.timedelta(minutes=minutes), enable_fuzzing=False)
        review_flashcard(s, learner_id=learner_id, flashcard_id=bank.flashcard_ids[1], rating=Rating.AGAIN,
                         now=evening_utc - dt.timedelta(hours=10), enable_fuzzing=False)
    assert _days(factory, learner_id) == ["2026-11-26", "2026-11-27"]
    with factory() as s:
        assert study_streak(s, learner_id=learner_id, now=evening_utc) == (2, True)


def test_bulk_marking_adds_only_missing_days(factory: sessionmaker[Session], bank: SmallBank, learner_id: int) -> None:
    start = dt.datetime(2026, 11, 1, 2, tzinfo=dt.timezone.utc)
    with factory() as s, s.begin():
        assert mark_study_days(s, learner_id=learner_id, moments=[start, start + dt.timedelta(hours=1)]) == 1
        assert mark_study_days(s, learner_id=learner_id, moments=[start + dt.timedelta(days=d) for d in range(3)]) == 2
        assert mark_study_days(s, learner_id=learner_id, moments=[]) == 0
    assert _days(factory, learner_id) == ["2026-11-01", "2026-11-02", "2026-11-03"]
