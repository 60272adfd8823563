"""ORM rows of the study engine: learners, card states, reviews, quiz attempts and the wrong-answer book."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from foundation.database import Base, UTCDateTime
from question_bank.vocabulary import string_enum
from study.types import QuizMode


class LearnerRow(Base):
    """A learner profile on this machine."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(200), default="")
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # stable across machines (export/import)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    daily_new_limit: Mapped[int] = mapped_column(Integer, default=20)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)


class CardStateRow(Base):
    """One learner's FSRS state of one flashcard."""

    __tablename__ = "card_states"
    __table_args__ = (
        UniqueConstraint("learner_id", "flashcard_id"),
        Index("ix_card_states_learner_due", "learner_id", "due"),
        Index("ix_card_states_learner_introduced", "learner_id", "introduced_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    flashcard_id: Mapped[int] = mapped_column(ForeignKey("flashcards.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int] = mapped_column(Integer, index=True)  # denormalised for per-topic queries
    state: Mapped[int] = mapped_column(Integer)  # fsrs.State value
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)
    introduced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)  # first review


class ReviewLogRow(Base):
    """One flashcard review as it was given."""

    __tablename__ = "review_logs"
    __table_args__ = (Index("ix_review_logs_learner_time", "learner_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    flashcard_id: Mapped[int] = mapped_column(ForeignKey("flashcards.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # 1..4
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    cram: Mapped[bool] = mapped_column(Boolean, default=False)  # review-ahead that left the schedule alone


class QuizAttemptRow(Base):
    """One quiz, timed quiz or mock exam a learner started."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_learner_started", "learner_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str | None] = mapped_column(String(36), unique=True, index=True, nullable=True)  # export/import key
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    mode: Mapped[QuizMode] = mapped_column(string_enum(QuizMode, 10))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)  # topics, types, count, time limit, pass mark...
    paper_uid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    current_index: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class AttemptItemRow(Base):
    """One question of an attempt, with the learner's answer once given."""

    __tablename__ = "attempt_items"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_attempt_items_learner_answered", "learner_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(Integer)  # denormalised for statistics
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int] = mapped_column(Integer)  # denormalised for per-topic accuracy
    option_order: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # 0..1 for this item
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)


class WrongAnswerRow(Base):
    """An entry of a learner's wrong-answer book (错题本)."""

    __tablename__ = "wrong_answers"
    __table_args__ = (UniqueConstraint("learner_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_wrong_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    wrong_count: Mapped[int] = mapped_column(Integer, default=1)
    correct_streak: Mapped[int] = mapped_column(Integer, default=0)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StudyDayRow(Base):
    """A local (China) calendar day on which a learner reviewed a card or answered a question.

    Kept beside the logs so that the study streak reads a few hundred small rows, not years of history.
    """

    __tablename__ = "study_days"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
