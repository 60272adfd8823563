"""The days a learner studied: recorded with every review and answer, read for the study streak."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from study.models import StudyDayRow


def mark_study_days(session: Session, *, learner_id: int, moments: Iterable[dt.datetime], tz: dt.tzinfo = CHINA_TZ) -> int:
    """Record the local days of `moments` as study days (those not yet recorded); returns how many were new."""
    days = {moment.astimezone(tz).date() for moment in moments}
    if not days:
        return 0
    known = set(
        session.scalars(
            select(StudyDayRow.day).where(
                StudyDayRow.learner_id == learner_id, StudyDayRow.day >= min(days), StudyDayRow.day <= max(days)
            )
        )
    )
    new_days = sorted(days - known)
    session.add_all(StudyDayRow(learner_id=learner_id, day=day) for day in new_days)
    return len(new_days)


def mark_study_day(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> None:
    """Record today (local) as a study day of the learner, once."""
    day = now.astimezone(tz).date()
    if session.get(StudyDayRow, (learner_id, day)) is None:
        session.add(StudyDayRow(learner_id=learner_id, day=day))


def study_days_since(session: Session, *, learner_id: int, first_day: dt.date, last_day: dt.date) -> set[dt.date]:
    """The learner's study days from `first_day` to `last_day` inclusive."""
    return set(
        session.scalars(
            select(StudyDayRow.day).where(
                StudyDayRow.learner_id == learner_id, StudyDayRow.day >= first_day, StudyDayRow.day <= last_day
            )
        )
    )
