"""ORM rows of the question bank: documents, topics, knowledge points, questions and flashcards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundation.database import Base, UTCDateTime
from question_bank.vocabulary import ItemStatus, Origin, string_enum


class DocumentRow(Base):
    """One imported article (the interview, a regulation text, an imported question bank...)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # interview / regulation / prose / bank
    source_name: Mapped[str] = mapped_column(String(400), default="")
    text: Mapped[str] = mapped_column(Text, default="")  # the normalised, repaired full text
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    topics: Mapped[list[TopicRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TopicRow.position"
    )


class TopicRow(Base):
    """A topic of a document: one question/answer pair, one 章, or a group of paragraphs."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")  # the interviewer's question, if any
    body: Mapped[str] = mapped_column(Text, default="")  # the answer or section text
    start: Mapped[int] = mapped_column(Integer, default=0)  # character offsets in the document text
    end: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[DocumentRow] = relationship(back_populates="topics")


class KnowledgePointRow(Base):
    """A fact extracted from a topic (an enumeration, a count, a change, a quoted provision...)."""

    __tablename__ = "knowledge_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    quote: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)


class QuestionRow(Base):
    """A quiz question of one of six types, with its source sentence."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("topic_id", "key"),
        Index("ix_questions_topic_status", "topic_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))  # stable generation key; survives regeneration
    type: Mapped[str] = mapped_column(String(10))  # single/multiple/judge/blank/order/match
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    answer: Mapped[Any] = mapped_column(JSON)
    answer_text: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    difficulty: Mapped[int] = mapped_column(Integer, default=2)  # 1 easy .. 3 hard
    status: Mapped[ItemStatus] = mapped_column(string_enum(ItemStatus, 10), default=ItemStatus.ACTIVE)
    origin: Mapped[Origin] = mapped_column(string_enum(Origin, 10), default=Origin.GENERATED)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # a trainer changed it
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    point_key: Mapped[str] = mapped_column(String(120), default="", server_default="")  # the knowledge point tested
    review_reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # why it waits for review


class FlashcardRow(Base):
    """A flashcard (front/back) with its source sentence."""

    __tablename__ = "flashcards"
    __table_args__ = (UniqueConstraint("topic_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ItemStatus] = mapped_column(string_enum(ItemStatus, 10), default=ItemStatus.ACTIVE)
    origin: Mapped[Origin] = mapped_column(string_enum(Origin, 10), default=Origin.GENERATED)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    point_key: Mapped[str] = mapped_column(String(120), default="", server_default="")  # the knowledge point


class SettingRow(Base):
    """An app-wide key/value setting stored with the data (active learner, trainer password hash)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
