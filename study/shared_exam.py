"""Sitting a paper published on a unit's shared server: the server's clock, answers graded there, never the key."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from foundation.errors import UserError


@dataclass(frozen=True)
class SharedQuestion:
    """One question of a published paper as a learner may see it: no answer key."""

    key: str
    position: int
    type: str
    stem: str
    options: tuple[str, ...] | None
    topic: str
    points: float


@dataclass(frozen=True)
class SharedSitting:
    """The caller's sitting of a published paper, with the server's times."""

    sitting_id: int
    sitting_uid: str
    paper_uid: str
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    submitted_at: dt.datetime | None
    server_now: dt.datetime  # the server's clock when the sitting was started or resumed
    questions: tuple[SharedQuestion, ...]


@dataclass(frozen=True)
class ExamClock:
    """The server's exam clock, carried on locally: the server's time at one local monotonic reading."""

    server_time: dt.datetime
    monotonic_s: float

    def now(self, monotonic_s: float) -> dt.datetime:
        """The server's time at a later local monotonic reading (no wall clock of this PC involved)."""
        return self.server_time + dt.timedelta(seconds=monotonic_s - self.monotonic_s)


@dataclass(frozen=True)
class PendingAnswer:
    """One answer to save: its idempotency key makes a resend harmless."""

    sitting_id: int
    question_key: str
    answer: Any
    client_answer_id: str
    answered_at: dt.datetime  # on the server's clock (ExamClock)

    def as_json(self) -> dict[str, Any]:
        """The answer as one line of the offline queue."""
        return {
            "sitting_id": self.sitting_id,
            "question_key": self.question_key,
            "answer": self.answer,
            "client_answer_id": self.client_answer_id,
            "answered_at": self.answered_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingAnswer:
        """An answer read back from the offline queue."""
        return cls(
            sitting_id=int(data["sitting_id"]),
            question_key=str(data["question_key"]),
            answer=data["answer"],
            client_answer_id=str(uuid.UUID(str(data["client_answer_id"]))),
            answered_at=dt.datetime.fromisoformat(data["answered_at"]),
        )


def new_answer(sitting_id: int, question_key: str, answer: Any, *, answered_at: dt.datetime) -> PendingAnswer:
    """A new answer with a fresh idempotency key."""
    return PendingAnswer(sitting_id, question_key, answer, str(uuid.uuid4()), answered_at)


def server_now(session: Session) -> dt.datetime:
    """The server's clock."""
    value = session.execute(text("SELECT now()")).scalar_one()
    assert isinstance(value, dt.datetime)
    return value.astimezone(dt.timezone.utc)


def start_shared_sitting(session: Session, paper_uid: str) -> SharedSitting:
    """Start, or resume, the caller's sitting of a published paper.

    Raises:
        UserError: the paper is not published on this server.
    """
    from sqlalchemy.exc import DBAPIError

    try:
        row = session.execute(text("SELECT * FROM xunxue_start_sitting(:uid)"), {"uid": paper_uid}).one()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "P0002":
            raise UserError("服务器上没有这份试卷。") from error
        raise
    questions = session.execute(
        text("SELECT question_key, position, type, stem, options, topic, points FROM paper_questions "
             "WHERE paper_uid = :uid ORDER BY position"),
        {"uid": paper_uid},
    ).all()
    return SharedSitting(
        sitting_id=int(row.sitting_id),
        sitting_uid=str(row.sitting_uid),
        paper_uid=paper_uid,
        started_at=row.started_at,
        deadline_at=row.deadline_at,
        submitted_at=row.submitted_at,
        server_now=row.server_now,
        questions=tuple(
            SharedQuestion(q.question_key, q.position, q.type, q.stem,
                           tuple(q.options) if q.options is not None else None, q.topic, float(q.points))
            for q in questions
        ),
    )


def save_answer(session: Session, answer: PendingAnswer) -> str:
    """Store one answer on the server: 'stored', 'duplicate', 'stale' (a newer one is there) or 'closed'."""
    outcome = session.execute(
        text("SELECT xunxue_answer(:sitting, :key, CAST(:answer AS jsonb), CAST(:client AS uuid), :at)"),
        {
            "sitting": answer.sitting_id,
            "key": answer.question_key,
            "answer": json.dumps(answer.answer, ensure_ascii=False),
            "client": answer.client_answer_id,
            "at": answer.answered_at,
        },
    ).scalar_one()
    return str(outcome)


def submit_shared_sitting(session: Session, sitting_id: int) -> tuple[float, float, bool]:
    """Hand in the sitting; the server grades it. Returns score, maximum and whether it passed."""
    row = session.execute(text("SELECT * FROM xunxue_submit_sitting(:id)"), {"id": sitting_id}).one_or_none()
    if row is None:
        raise UserError("找不到这次考试。")
    return float(row.score), float(row.max_score), bool(row.passed)
