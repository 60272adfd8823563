"""A learner sits a paper file as a mock exam, exports the signed result file, and imports the trainer's receipt.

On the learner's machine a paper's questions are stored as a hidden copy: a document `试卷：<title>` whose
source names the paper's id and digest (`paper:<uid>:<digest>`), its questions DISABLED so that they stay out
of the learner's own topics, quizzes, flashcards, mastery and reader. Each version of a paper (a different
digest under the same id) gets its own copy and a copy is never rewritten, so a past submitted attempt always
shows the questions it was sat on.

A keyless paper (made without immediate scoring) is stored with a stand-in key of the right shape only, and
its attempt is marked `unkeyed` in the attempt's spec: nothing is scored, the learner sees 已交卷, and the
result appears when the trainer's receipt is imported (`import_receipt`), which fills in the marks (and the
key, when the receipt carries it).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import DocumentKind, QuestionType
from question_bank.models import DocumentRow, QuestionRow, TopicRow
from question_bank.vocabulary import ItemStatus, Origin
from study.models import AttemptItemRow, LearnerRow, QuizAttemptRow
from study.types import AttemptId, QuizMode, QuizSpec
from trainer.paper_file import TYPE_ORDER, Paper, read_paper_file
from trainer.receipt_file import Receipt, read_receipt_file, receipt_signature_matches
from trainer.result_file import (
    RESULT_SUFFIX,
    ResultAnswer,
    ResultFile,
    sign_result,
    write_result_file,
)

PAPER_SOURCE_PREFIX = "paper:"
PAPER_KEY_PREFIX = "paper-"
UNKEYED = "unkeyed"  # the attempt's spec field marking a keyless paper's attempt (nothing scored on this machine)


@dataclass(frozen=True)
class ResultFileSummary:
    """What an exported result file says about the sitting."""

    path: Path
    paper_title: str
    learner_name: str
    score: float | None  # None: a keyless paper, graded by the trainer
    max_score: float
    answered: int
    signed: bool = False


@dataclass(frozen=True)
class PaperStatus:
    """What the start screen shows for a paper and this learner."""

    title: str
    question_count: int
    time_limit_s: int | None
    pass_mark: float
    attempts_allowed: int
    attempts_used: int  # submitted attempts of this learner on this paper (any version)
    open_attempt_id: int | None  # an unfinished attempt to resume
    last_submitted_id: int | None
    immediate_scoring: bool

    @property
    def can_start(self) -> bool:
        """A new attempt is allowed (or one is open to resume)."""
        return self.open_attempt_id is not None or self.attempts_used < self.attempts_allowed


@dataclass(frozen=True)
class PaperSittingLine:
    """One submitted paper attempt in the learner's result history."""

    attempt_id: int
    title: str
    submitted_at: dt.datetime
    graded: bool  # a score is known (immediate scoring, or the receipt imported)
    score: float | None
    max_score: float
    passed: bool | None
    answered: int
    total: int

    @property
    def score_text(self) -> str:
        """`得分/满分（百分比）`, or 已交卷 while the trainer's receipt has not come back."""
        if not self.graded or self.score is None:
            return "已交卷，待培训管理员评分"
        percent = 100.0 * self.score / self.max_score if self.max_score else 0.0
        return f"{self.score:g}/{self.max_score:g}分（{percent:.1f}%）"


def paper_document_title(paper: Paper) -> str:
    """The title of the bank document that holds a paper's questions on a learner's machine."""
    return f"试卷：{paper.title}"


def paper_source(paper: Paper) -> str:
    """The source name of one version of a paper: `paper:<uid>:<digest>`."""
    return f"{PAPER_SOURCE_PREFIX}{paper.uid}:{paper.digest}"


def upsert_paper_questions(session: Session, paper: Paper, *, now: dt.datetime) -> list[int]:
    """This version's hidden copy of the paper's questions (made once, never rewritten); bank ids in paper order."""
    source = paper_source(paper)
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_name == source))
    if document is not None:
        by_key = {
            q.key: q.id
            for q in session.scalars(
                select(QuestionRow).join(TopicRow, TopicRow.id == QuestionRow.topic_id).where(TopicRow.document_id == document.id)
            )
        }
        if all(PAPER_KEY_PREFIX + q.key in by_key for q in paper.questions):
            return [by_key[PAPER_KEY_PREFIX + q.key] for q in paper.questions]
        source = f"{source}:{uuid.uuid4().hex[:8]}"  # a damaged copy is left to its attempts; a new one is made
    document = DocumentRow(
        title=paper_document_title(paper)[:200], kind=DocumentKind.BANK.value, source_name=source, text="",
        builtin=False, created_at=now,
    )
    session.add(document)
    session.flush()
    topics: dict[str, TopicRow] = {}
    ids: list[int] = []
    for question in paper.questions:
        title = question.topic or "试卷题目"
        topic = topics.get(title)
        if topic is None:
            topic = TopicRow(document_id=document.id, position=len(topics), title=title[:200], question="", body="", start=0, end=0)
            session.add(topic)
            session.flush()
            topics[title] = topic
        keyed = question.answer is not None
        row = QuestionRow(
            topic_id=topic.id, key=PAPER_KEY_PREFIX + question.key, type=question.type.value, stem=question.stem,
            options=list(question.options) if question.options is not None else None,
            answer=question.answer if keyed else question.shape_key(),
            answer_text=question.answer_text if keyed else "", explanation=question.explanation if keyed else "",
            quote=question.quote if keyed else "", start=0, end=0, difficulty=2,
            status=ItemStatus.DISABLED,  # hidden: not the learner's own topics, quizzes, mastery or reader
            origin=Origin.IMPORTED, edited=False, updated_at=now,
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


def _paper_attempts(session: Session, paper_uid: str, learner_id: int) -> list[QuizAttemptRow]:
    return list(
        session.scalars(
            select(QuizAttemptRow)
            .where(QuizAttemptRow.learner_id == learner_id, QuizAttemptRow.paper_uid == paper_uid)
            .order_by(QuizAttemptRow.started_at, QuizAttemptRow.id)
        )
    )


def paper_status(session: Session, paper: Paper, *, learner_id: int, now: dt.datetime) -> PaperStatus:
    """What the start screen shows: the paper's settings and this learner's attempts on it."""
    attempts = _paper_attempts(session, paper.uid, learner_id)
    submitted = [a for a in attempts if a.submitted_at is not None]
    open_ = [a for a in attempts if a.submitted_at is None and (a.deadline_at is None or now < a.deadline_at)]
    return PaperStatus(
        title=paper.title, question_count=len(paper.questions), time_limit_s=paper.time_limit_s,
        pass_mark=paper.pass_mark, attempts_allowed=paper.attempts_allowed, attempts_used=len(submitted),
        open_attempt_id=open_[-1].id if open_ else None, last_submitted_id=submitted[-1].id if submitted else None,
        immediate_scoring=paper.immediate_scoring,
    )


def start_paper_attempt(
    session: Session, paper: Paper, *, learner_id: int, now: dt.datetime, rng: random.Random
) -> AttemptId:
    """Start a mock exam on a paper, or return this learner's unfinished attempt on it.

    Raises:
        UserError: the learner has used every attempt the paper allows (`这份试卷只允许作答1次，您已交卷。`).
    """
    from study.quiz import start_quiz

    status = paper_status(session, paper, learner_id=learner_id, now=now)
    if status.open_attempt_id is not None:
        return AttemptId(status.open_attempt_id)
    if status.attempts_used >= paper.attempts_allowed:
        raise UserError(f"这份试卷只允许作答{paper.attempts_allowed}次，您已交卷。")
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
    attempt_id = start_quiz(session, learner_id=learner_id, spec=spec, now=now, rng=rng)
    if not paper.has_key:
        attempt = session.get(QuizAttemptRow, attempt_id)
        assert attempt is not None
        attempt.spec = {**attempt.spec, UNKEYED: True, "paper_title": paper.title}
        session.flush()
    return attempt_id


def open_paper_file(
    session: Session, path: Path, *, learner_id: int, now: dt.datetime, rng: random.Random
) -> AttemptId:
    """Read a paper file and start (or resume) its exam, within the paper's retake policy."""
    return start_paper_attempt(session, read_paper_file(path), learner_id=learner_id, now=now, rng=rng)


def is_unkeyed(attempt: QuizAttemptRow) -> bool:
    """Whether an attempt is of a keyless paper (graded by the trainer, not on this machine)."""
    return isinstance(attempt.spec, dict) and attempt.spec.get(UNKEYED) is True


def awaiting_grade(session: Session, attempt_id: int) -> bool:
    """A submitted attempt of a keyless paper whose receipt has not been imported: show 已交卷, not a score."""
    attempt = session.get(QuizAttemptRow, attempt_id)
    return attempt is not None and is_unkeyed(attempt) and attempt.score is None


def _attempt_title(session: Session, attempt: QuizAttemptRow) -> str:
    title = attempt.spec.get("paper_title") if isinstance(attempt.spec, dict) else None
    if isinstance(title, str) and title:
        return title
    document_title = session.scalar(
        select(DocumentRow.title)
        .join(TopicRow, TopicRow.document_id == DocumentRow.id)
        .join(QuestionRow, QuestionRow.topic_id == TopicRow.id)
        .join(AttemptItemRow, AttemptItemRow.question_id == QuestionRow.id)
        .where(AttemptItemRow.attempt_id == attempt.id)
        .limit(1)
    )
    return (document_title or "").removeprefix("试卷：")


def paper_title_of_attempt(session: Session, attempt_id: int) -> str | None:
    """The paper's own title for the quiz header, or None when the attempt is not a paper's."""
    attempt = session.get(QuizAttemptRow, attempt_id)
    if attempt is None or not attempt.paper_uid:
        return None
    return _attempt_title(session, attempt)


def _attempt_digest(session: Session, attempt: QuizAttemptRow) -> str:
    source = session.scalar(
        select(DocumentRow.source_name)
        .join(TopicRow, TopicRow.document_id == DocumentRow.id)
        .join(QuestionRow, QuestionRow.topic_id == TopicRow.id)
        .join(AttemptItemRow, AttemptItemRow.question_id == QuestionRow.id)
        .where(AttemptItemRow.attempt_id == attempt.id)
        .limit(1)
    )
    parts = (source or "").split(":")
    return parts[2] if len(parts) >= 3 else ""


def paper_history(session: Session, *, learner_id: int) -> list[PaperSittingLine]:
    """The learner's submitted paper attempts, newest first (the result history)."""
    attempts = session.scalars(
        select(QuizAttemptRow)
        .where(QuizAttemptRow.learner_id == learner_id, QuizAttemptRow.paper_uid.is_not(None),
               QuizAttemptRow.submitted_at.is_not(None))
        .order_by(QuizAttemptRow.submitted_at.desc(), QuizAttemptRow.id.desc())
    ).all()
    lines = []
    for attempt in attempts:
        assert attempt.submitted_at is not None
        counts = session.execute(
            select(func.count(), func.count(AttemptItemRow.answered_at)).where(AttemptItemRow.attempt_id == attempt.id)
        ).one()
        graded = not is_unkeyed(attempt) or attempt.score is not None
        lines.append(PaperSittingLine(
            attempt_id=attempt.id, title=_attempt_title(session, attempt), submitted_at=attempt.submitted_at,
            graded=graded, score=attempt.score if graded else None, max_score=attempt.max_score or float(counts[0]),
            passed=attempt.passed if graded else None, answered=int(counts[1]), total=int(counts[0]),
        ))
    return lines


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
    unkeyed = is_unkeyed(attempt) and attempt.score is None
    return ResultFile(
        sitting_uid=sitting_uid,
        paper_uid=attempt.paper_uid,
        paper_title=_attempt_title(session, attempt),
        learner_uid=learner.uid,
        learner_name=learner.name,
        learner_unit=learner.unit,
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at,
        claimed_score=None if unkeyed else (attempt.score or 0.0),
        claimed_max_score=attempt.max_score if attempt.max_score is not None else float(len(rows)),
        claimed_passed=None if unkeyed else bool(attempt.passed),
        answers=answers,
        paper_digest=_attempt_digest(session, attempt),
    )


def export_result_file(session: Session, attempt_id: int, path: Path, *, code: str = "") -> ResultFileSummary:
    """Write the result file of a submitted paper attempt (UTF-8 JSON), signed with the learner's personal code.

    Without a code the file is unsigned, and the trainer's collection flags it 未签名.
    """
    result = sitting_result(session, attempt_id)
    if code.strip():
        result = sign_result(result, code)
    write_result_file(result, path)
    return ResultFileSummary(
        path=path,
        paper_title=result.paper_title,
        learner_name=result.learner_name,
        score=result.claimed_score,
        max_score=result.claimed_max_score or 0.0,
        answered=sum(1 for a in result.answers if a.answered_at is not None),
        signed=bool(result.signature),
    )


def suggested_result_filename(session: Session, attempt_id: int) -> str:
    """A file name for the result file: `<paper>-<learner>.xxresult.json` without characters files cannot hold."""
    result = sitting_result(session, attempt_id)
    raw = f"{result.paper_title}-{result.learner_name}"
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in raw).strip() or "成绩"
    return safe + RESULT_SUFFIX


def import_receipt(session: Session, receipt: Receipt, *, learner_id: int, code: str = "") -> int:
    """Apply the trainer's receipt to this learner's sitting: marks, score, pass, and the key when it carries it.

    Returns the attempt id.

    Raises:
        UserError: the receipt is not for one of this learner's submitted sittings of that paper, or it is
            signed and the code is missing or wrong.
    """
    learner = session.get(LearnerRow, learner_id)
    attempt = session.scalar(select(QuizAttemptRow).where(QuizAttemptRow.uid == receipt.sitting_uid))
    if (learner is None or attempt is None or attempt.learner_id != learner_id or attempt.paper_uid != receipt.paper_uid
            or (receipt.learner_uid and receipt.learner_uid != learner.uid)):
        raise UserError("这份成绩回执不是当前学员这次考试的，未导入。")
    if attempt.submitted_at is None:
        raise UserError("这次考试尚未交卷，无法导入成绩回执。")
    if receipt.signature:
        if not code.strip():
            raise UserError("这份成绩回执已签名，请输入您的个人码以核验。")
        if not receipt_signature_matches(receipt, code):
            raise UserError("成绩回执的签名与个人码不符（文件可能被改动过），未导入。")
    digest = _attempt_digest(session, attempt)
    if receipt.paper_digest and digest and receipt.paper_digest != digest:
        raise UserError("成绩回执对应的试卷版本与您作答的不同，未导入。")
    marks = {item.key: item for item in receipt.items}
    rows = session.execute(
        select(AttemptItemRow, QuestionRow)
        .join(QuestionRow, QuestionRow.id == AttemptItemRow.question_id)
        .where(AttemptItemRow.attempt_id == attempt.id)
    ).all()
    for item, question in rows:
        mark = marks.get(question.key.removeprefix(PAPER_KEY_PREFIX))
        if mark is None:
            continue
        item.score = mark.score if item.answered_at is not None else None
        item.correct = None if item.answered_at is None else mark.score >= 1.0 - 1e-9
        if mark.answer is not None and is_unkeyed(attempt):  # the key, revealed after grading: filled in, never changed
            from question_bank.answer_shapes import key_problem

            if key_problem(QuestionType(question.type), question.options, mark.answer) is None:
                question.answer = mark.answer
                question.answer_text = mark.answer_text
                question.explanation = mark.explanation
                question.quote = mark.quote
    attempt.score = receipt.score
    attempt.max_score = receipt.max_score
    attempt.passed = receipt.passed
    attempt.spec = {**attempt.spec, "graded_by_receipt": receipt.issued_at.isoformat()}
    session.flush()
    return attempt.id


def import_receipt_file(session: Session, path: Path, *, learner_id: int, code: str = "") -> int:
    """What 导入成绩回执 does: read the file and apply it (see `import_receipt`)."""
    return import_receipt(session, read_receipt_file(path), learner_id=learner_id, code=code)
