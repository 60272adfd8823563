"""Sitting a paper published on a unit's shared server: the server's clock, answers graded there, never the key."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import QuestionId, QuestionType, TopicId
from study.quiz import QuizSession
from study.types import AttemptId, QuizMode, QuizQuestionView, QuizSpec, UnfinishedAttempt


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
    blank_count: int = 0  # blank questions: how many blanks
    choices: tuple[str, ...] = ()  # match questions: the right-hand items, sorted (the pairing is the key)


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
    answers: dict[str, Any] = field(default_factory=dict)  # the answers the server holds, by question key


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
    forms: list[list[str]] | None = None  # a blank answer's normalised forms (study.scoring.given_forms)

    def as_json(self) -> dict[str, Any]:
        """The answer as one line of the offline queue."""
        return {
            "sitting_id": self.sitting_id,
            "question_key": self.question_key,
            "answer": self.answer,
            "client_answer_id": self.client_answer_id,
            "answered_at": self.answered_at.isoformat(),
            "forms": self.forms,
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
            forms=data.get("forms"),
        )


def new_answer(sitting_id: int, question_key: str, answer: Any, *, answered_at: dt.datetime,
               blank: bool = False) -> PendingAnswer:
    """A new answer with a fresh idempotency key; a blank answer carries its normalised forms for grading."""
    from study.scoring import given_forms

    forms = given_forms(answer) if blank else None
    return PendingAnswer(sitting_id, question_key, answer, str(uuid.uuid4()), answered_at, forms)


def server_now(session: Session) -> dt.datetime:
    """The server's clock."""
    value = session.execute(text("SELECT now()")).scalar_one()
    assert isinstance(value, dt.datetime)
    return value.astimezone(dt.timezone.utc)


def start_shared_sitting(session: Session, paper_uid: str) -> SharedSitting:
    """Start, or resume, the caller's sitting of a published paper (with the answers the server holds).

    Raises:
        UserError: the paper is not published on this server (or not to the caller's unit).
    """
    from sqlalchemy.exc import DBAPIError

    try:
        row = session.execute(text("SELECT * FROM xunxue_start_sitting(:uid)"), {"uid": paper_uid}).one()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "P0002":
            raise UserError("服务器上没有发布给您的这份试卷。") from error
        raise
    questions = session.execute(
        text("SELECT question_key, position, type, stem, options, topic, points, blank_count, choices "
             "FROM paper_questions WHERE paper_uid = :uid ORDER BY position"),
        {"uid": paper_uid},
    ).all()
    answers = session.execute(
        text("SELECT question_key, answer FROM exam_answers WHERE sitting_id = :id"), {"id": row.sitting_id}
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
                           tuple(q.options) if q.options is not None else None, q.topic, float(q.points),
                           int(q.blank_count or 0), tuple(q.choices or ()))
            for q in questions
        ),
        answers={str(a.question_key): a.answer for a in answers},
    )


def save_answer(session: Session, answer: PendingAnswer) -> str:
    """Store one answer on the server: 'stored', 'duplicate', 'stale' (a newer one is there) or 'closed'.

    One statement, atomic on the server: in an autocommit session (`answer_queue.single_statements`) it is
    its own transaction and costs one round trip.
    """
    outcome = session.execute(
        text("SELECT xunxue_answer(:sitting, :key, CAST(:answer AS jsonb), CAST(:client AS uuid), :at, "
             "CAST(:forms AS jsonb))"),
        {
            "sitting": answer.sitting_id,
            "key": answer.question_key,
            "answer": json.dumps(answer.answer, ensure_ascii=False),
            "client": answer.client_answer_id,
            "at": answer.answered_at,
            "forms": None if answer.forms is None else json.dumps(answer.forms, ensure_ascii=False),
        },
    ).scalar_one()
    return str(outcome)


@dataclass(frozen=True)
class SharedResult:
    """What handing in says: the score and verdict only when the paper shows them (即时评分)."""

    score: float | None
    max_score: float
    passed: bool | None


def submit_shared_sitting(session: Session, sitting_id: int) -> SharedResult:
    """Hand in the sitting; the server grades it (handing in twice changes nothing)."""
    row = session.execute(text("SELECT * FROM xunxue_submit_sitting(:id)"), {"id": sitting_id}).one_or_none()
    if row is None:
        raise UserError("找不到这次考试。")
    return SharedResult(None if row.score is None else float(row.score), float(row.max_score),
                        None if row.passed is None else bool(row.passed))


@dataclass(frozen=True)
class PublishedPaperLine:
    """A paper published to the caller's unit, with the caller's sitting of it (times on the server's clock)."""

    paper_uid: str
    title: str
    time_limit_s: int | None
    pass_mark: float
    max_score: float
    question_count: int
    shows_result: bool
    sitting_id: int | None
    started_at: dt.datetime | None
    deadline_at: dt.datetime | None
    submitted_at: dt.datetime | None
    answered: int
    score: float | None  # only of a submitted sitting of a paper that shows its result
    passed: bool | None
    server_now: dt.datetime

    @property
    def is_open(self) -> bool:
        """A sitting started and still running on the server's clock."""
        return (self.sitting_id is not None and self.submitted_at is None
                and (self.deadline_at is None or self.server_now < self.deadline_at))

    @property
    def is_closed(self) -> bool:
        """Handed in, or its time ran out: no more answers (the server hands it in as it stood)."""
        return self.sitting_id is not None and not self.is_open

    @property
    def state_text(self) -> str:
        """未开始, 作答中（已答 n 题）, 已交卷 (with the score when the paper shows it)."""
        if self.sitting_id is None:
            return "未开始"
        if self.is_open:
            return f"作答中（已答{self.answered}/{self.question_count}题）"
        if self.submitted_at is None:
            return f"时间已到，尚未交卷（已答{self.answered}/{self.question_count}题）"
        if self.score is not None:
            verdict = "及格" if self.passed else "不及格"
            return f"已交卷：{self.score:g}/{self.max_score:g}分，{verdict}"
        return "已交卷"


def my_published_papers(session: Session) -> list[PublishedPaperLine]:
    """The papers published to the caller's unit, newest first (none for a login that is no learner)."""
    rows = session.execute(text("SELECT * FROM xunxue_my_papers()")).all()
    return [
        PublishedPaperLine(
            paper_uid=r.paper_uid, title=r.title, time_limit_s=r.time_limit_s, pass_mark=float(r.pass_mark),
            max_score=float(r.max_score), question_count=int(r.question_count), shows_result=bool(r.shows_result),
            sitting_id=None if r.sitting_id is None else int(r.sitting_id), started_at=r.started_at,
            deadline_at=r.deadline_at, submitted_at=r.submitted_at, answered=int(r.answered),
            score=None if r.score is None else float(r.score), passed=r.passed, server_now=r.server_now,
        )
        for r in rows
    ]


def published_paper_line(session: Session, paper_uid: str) -> PublishedPaperLine | None:
    """One paper of `my_published_papers`, if it is published to the caller."""
    return next((line for line in my_published_papers(session) if line.paper_uid == paper_uid), None)


def shared_exam_in_progress(session: Session) -> UnfinishedAttempt | None:
    """The caller's sitting of a published paper still running on the server's clock, as an unfinished exam."""
    for line in my_published_papers(session):
        if line.is_open and line.sitting_id is not None and line.started_at is not None:
            remaining = None if line.deadline_at is None else max(dt.timedelta(0), line.deadline_at - line.server_now)
            return UnfinishedAttempt(
                attempt_id=AttemptId(line.sitting_id), mode=QuizMode.EXAM, started_at=line.started_at,
                deadline_at=line.deadline_at, remaining=remaining, answered=line.answered,
                total=line.question_count, paper_uid=line.paper_uid, on_server=True,
            )
    return None


def shared_quiz_session(sitting: SharedSitting, *, unsent: dict[str, Any] | None = None) -> QuizSession:
    """The pure quiz flow of a sitting: the questions in paper order, options as published (no shuffle),
    each answer as the server holds it or, newer, as it waits in this PC's offline queue.

    Question and topic ids are the positions (a published question is in no bank of the learner's).
    """
    held = {**sitting.answers, **(unsent or {})}
    items = []
    for index, q in enumerate(sitting.questions):
        qtype = QuestionType(q.type)
        given = held.get(q.key)
        items.append(QuizQuestionView(
            position=index, question_id=QuestionId(index), topic_id=TopicId(index), type=qtype, stem=q.stem,
            options=tuple(q.options or ()), right_items=q.choices if qtype is QuestionType.MATCH else (),
            blank_count=q.blank_count if qtype is QuestionType.BLANK else 0, answer=given,
            answered=given is not None, flagged=False,
        ))
    time_limit = (None if sitting.deadline_at is None
                  else int((sitting.deadline_at - sitting.started_at).total_seconds()))
    spec = QuizSpec(count=len(items), mode=QuizMode.EXAM, time_limit_s=time_limit, question_ids=(),
                    paper_uid=sitting.paper_uid)
    return QuizSession(attempt_id=AttemptId(sitting.sitting_id), spec=spec, started_at=sitting.started_at,
                       deadline_at=sitting.deadline_at, submitted_at=sitting.submitted_at, items=items)
