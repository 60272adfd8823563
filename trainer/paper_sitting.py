"""A learner sits a paper file as a mock exam, and exports the finished attempt as a result file."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import DocumentKind
from question_bank.models import DocumentRow, QuestionRow, TopicRow
from question_bank.vocabulary import ItemStatus, Origin
from study.models import AttemptItemRow, LearnerRow, QuizAttemptRow
from study.types import AttemptId, QuizMode, QuizSpec
from trainer.paper_file import TYPE_ORDER, Paper, read_paper_file
from trainer.result_file import (
    RESULT_SUFFIX,
    ResultAnswer,
    ResultFile,
    write_result_file,
)

PAPER_SOURCE_PREFIX = "paper:"
PAPER_KEY_PREFIX = "paper-"


@dataclass(frozen=True)
class ResultFileSummary:
    """What an exported result file says about the sitting."""

    path: Path
    paper_title: str
    learner_name: str
    score: float
    max_score: float
    answered: int


def paper_document_title(paper: Paper) -> str:
    """The title of the bank document that holds a paper's questions on a learner's machine."""
    return f"试卷：{paper.title}"


def upsert_paper_questions(session: Session, paper: Paper, *, now: dt.datetime) -> list[int]:
    """Put a paper's questions into this bank (document `试卷：<title>`, keyed by the paper's keys).

    Opening the same paper again updates the copies instead of adding new ones. Returns the bank
    question ids in paper order.
    """
    source = PAPER_SOURCE_PREFIX + paper.uid
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_name == source))
    if document is None:
        document = DocumentRow(
            title=paper_document_title(paper),
            kind=DocumentKind.BANK.value,
            source_name=source,
            text="",
            builtin=False,
            created_at=now,
        )
        session.add(document)
        session.flush()
    topics = {t.title: t for t in session.scalars(select(TopicRow).where(TopicRow.document_id == document.id))}
    existing = {
        q.key: q
        for q in session.scalars(
            select(QuestionRow).join(TopicRow, TopicRow.id == QuestionRow.topic_id).where(TopicRow.document_id == document.id)
        )
    }
    ids: list[int] = []
    for question in paper.questions:
        title = question.topic or "试卷题目"
        topic = topics.get(title)
        if topic is None:
            topic = TopicRow(document_id=document.id, position=len(topics), title=title, question="", body="", start=0, end=0)
            session.add(topic)
            session.flush()
            topics[title] = topic
        key = PAPER_KEY_PREFIX + question.key
        row = existing.get(key)
        if row is None:
            row = QuestionRow(topic_id=topic.id, key=key, status=ItemStatus.ACTIVE, origin=Origin.IMPORTED, edited=False, quote="")
            session.add(row)
        row.topic_id = topic.id
        row.type = question.type.value
        row.stem = question.stem
        row.options = list(question.options) if question.options is not None else None
        row.answer = question.answer
        row.answer_text = question.answer_text
        row.explanation = question.explanation
        row.start = row.end = 0
        row.difficulty = 2
        row.updated_at = now
        session.flush()
        ids.append(row.id)
    return ids


def start_paper_attempt(
    session: Session, paper: Paper, *, learner_id: int, now: dt.datetime, rng: random.Random
) -> AttemptId:
    """Start a mock exam on a paper (or return this learner's unfinished attempt on it)."""
    from study.attempts import unfinished_attempt
    from study.quiz import start_quiz

    open_attempt = unfinished_attempt(session, learner_id=learner_id, now=now)
    if open_attempt is not None and open_attempt.paper_uid == paper.uid:
        return open_attempt.attempt_id
    ids = upsert_paper_questions(session, paper, now=now)
    if paper.shuffle:  # each learner's own order, still grouped by type like the printed paper
        types = [q.type for q in paper.questions]
        groups = [[i for i, t in zip(ids, types) if t is qtype] for qtype in TYPE_ORDER]
        for group in groups:
            rng.shuffle(group)
        ids = [i for group in groups for i in group]
    spec = QuizSpec(
        question_ids=tuple(ids),
        count=len(ids),
        mode=QuizMode.EXAM,
        time_limit_s=paper.time_limit_s,
        pass_mark=paper.pass_mark,
        paper_uid=paper.uid,
    )
    return start_quiz(session, learner_id=learner_id, spec=spec, now=now, rng=rng)


def open_paper_file(
    session: Session, path: Path, *, learner_id: int, now: dt.datetime, rng: random.Random
) -> AttemptId:
    """What 打开试卷文件 does: read the file, put its questions in the bank, start the exam."""
    return start_paper_attempt(session, read_paper_file(path), learner_id=learner_id, now=now, rng=rng)


def sitting_result(session: Session, attempt_id: int) -> ResultFile:
    """The result file of a submitted paper attempt: who, which paper, every answer with its time, the claimed score.

    Raises:
        UserError: the attempt does not exist, is not a paper attempt, or is not submitted yet.
    """
    attempt = session.get(QuizAttemptRow, attempt_id)
    if attempt is None:
        raise UserError(f"找不到编号为{attempt_id}的测验。")
    if not attempt.paper_uid:
        raise UserError("这次测验不是试卷考试，无法导出成绩文件。")
    if attempt.submitted_at is None:
        raise UserError("请先交卷，再导出成绩文件。")
    learner = session.get(LearnerRow, attempt.learner_id)
    assert learner is not None  # foreign key
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_name == PAPER_SOURCE_PREFIX + attempt.paper_uid))
    rows = session.execute(
        select(AttemptItemRow, QuestionRow)
        .join(QuestionRow, QuestionRow.id == AttemptItemRow.question_id)
        .where(AttemptItemRow.attempt_id == attempt.id)
        .order_by(AttemptItemRow.position)
    ).all()
    answers = tuple(
        ResultAnswer(
            key=question.key.removeprefix(PAPER_KEY_PREFIX),
            position=item.position,
            answer=item.answer,
            answered_at=item.answered_at,
            duration_ms=item.duration_ms,
        )
        for item, question in rows
    )
    sitting_uid = attempt.uid or str(uuid.uuid5(uuid.NAMESPACE_URL, f"xunxue:{learner.uid}:{attempt.id}:{attempt.started_at.isoformat()}"))
    return ResultFile(
        sitting_uid=sitting_uid,
        paper_uid=attempt.paper_uid,
        paper_title=document.title.removeprefix("试卷：") if document else "",
        learner_uid=learner.uid,
        learner_name=learner.name,
        learner_unit=learner.unit,
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at,
        claimed_score=attempt.score or 0.0,
        claimed_max_score=attempt.max_score if attempt.max_score is not None else float(len(rows)),
        claimed_passed=bool(attempt.passed),
        answers=answers,
    )


def export_result_file(session: Session, attempt_id: int, path: Path) -> ResultFileSummary:
    """Write the result file of a submitted paper attempt (UTF-8 JSON) for the trainer to collect."""
    result = sitting_result(session, attempt_id)
    write_result_file(result, path)
    return ResultFileSummary(
        path=path,
        paper_title=result.paper_title,
        learner_name=result.learner_name,
        score=result.claimed_score or 0.0,
        max_score=result.claimed_max_score or 0.0,
        answered=sum(1 for a in result.answers if a.answered_at is not None),
    )


def suggested_result_filename(session: Session, attempt_id: int) -> str:
    """A file name for the result file: `<paper>-<learner>.xxresult.json` without characters files cannot hold."""
    result = sitting_result(session, attempt_id)
    raw = f"{result.paper_title}-{result.learner_name}"
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in raw).strip() or "成绩"
    return safe + RESULT_SUFFIX
