"""ORM rows of exam preparation: each learner's exam goal and the forecasts stored beside mock-exam scores."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from foundation.database import Base, UTCDateTime


class ExamGoalRow(Base):
    """The date of a learner's exam and the recall they want on that day (one goal per learner)."""

    __tablename__ = "exam_goals"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    exam_date: Mapped[dt.date] = mapped_column(Date)  # local (China) calendar day of the exam
    target_recall: Mapped[float] = mapped_column(Float)  # 0.70..0.99
    set_on: Mapped[dt.date] = mapped_column(Date)  # local day the goal was set: the plan's first day


class ReadinessForecastRow(Base):
    """The forecast made just before a mock exam, stored with the score the learner then got."""

    __tablename__ = "readiness_forecasts"
    __table_args__ = (Index("ix_readiness_forecasts_learner_made", "learner_id", "made_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), unique=True)
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # when the exam started
    raw_percent: Mapped[float] = mapped_column(Float)  # before recalibration
    predicted_percent: Mapped[float] = mapped_column(Float)  # after recalibration, as shown
    low_percent: Mapped[float] = mapped_column(Float)
    high_percent: Mapped[float] = mapped_column(Float)
    actual_percent: Mapped[float] = mapped_column(Float)
    items: Mapped[int] = mapped_column(Integer)  # questions in the exam
