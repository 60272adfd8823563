"""ORM rows of the trainer's papers and collected results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from foundation.database import Base, UTCDateTime


class PaperRow(Base):
    """A paper the trainer assembled; `content` is the whole paper, answer key included (the file may be keyless)."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    time_limit_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pass_mark: Mapped[float] = mapped_column(Float, default=0.6)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)


class CollectedResultRow(Base):
    """One learner's result file for a paper, re-graded against the trainer's own key."""

    __tablename__ = "collected_results"
    __table_args__ = (UniqueConstraint("paper_id", "sitting_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    sitting_uid: Mapped[str] = mapped_column(String(36))  # one sitting; the same file collected again is ignored
    learner_uid: Mapped[str] = mapped_column(String(36))
    learner_name: Mapped[str] = mapped_column(String(100))
    learner_unit: Mapped[str] = mapped_column(String(200), default="")
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    collected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claimed_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float] = mapped_column(Float)  # re-graded, in points
    max_score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    score_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)  # 成绩与答案不符
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # per paper question: key, answer, score
    # why this result needs a look, in Chinese: 未签名, 签名不符, 时间不符, 重复提交, 试卷版本不符 (empty: none)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
