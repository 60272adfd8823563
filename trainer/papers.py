"""Paper assembly (组卷): fixed or random papers, stored with their key; the papers kept on this machine."""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES
from trainer.models import PaperRow
from study.exam_goal import MAX_DAYS_AHEAD
from trainer.paper_file import (
    MAX_ATTEMPTS,
    MAX_PAPER_QUESTIONS,
    MAX_TIME_LIMIT_S,
    PAPER_VERSION,
    TYPE_ORDER,
    Paper,
    PaperQuestion,
    paper_from_json,
    paper_to_json,
)

__all__ = ["MAX_PAPER_QUESTIONS", "PaperSummary", "assemble_fixed_paper", "assemble_random_paper", "get_paper",
           "list_papers", "register_paper"]


@dataclass(frozen=True)
class PaperSummary:
    """A stored paper for lists."""

    uid: str
    title: str
    created_at: dt.datetime
    question_count: int
    time_limit_s: int | None
    pass_mark: float
    immediate_scoring: bool = False
    attempts_allowed: int = 1
    exam_date: dt.date | None = None


def assemble_fixed_paper(
    session: Session,
    *,
    title: str,
    question_ids: Sequence[int],
    time_limit_s: int | None,
    pass_mark: float,
    shuffle: bool,
    now: dt.datetime,
    rng: random.Random,
    immediate_scoring: bool = False,
    attempts_allowed: int = 1,
    exam_date: dt.date | None = None,
) -> Paper:
    """A paper of chosen questions (grouped by type like a printed exam), stored with its key."""
    wanted = list(dict.fromkeys(int(q) for q in question_ids))
    if not wanted:
        raise UserError("请至少选择一道题目。")
    rows = {row.id: row for row in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(wanted)))}
    missing = [q for q in wanted if q not in rows]
    if missing:
        raise UserError(f"题库中找不到第{missing[0]}号题目。")
    chosen = [rows[q] for q in wanted]
    return _store_paper(
        session, title=title, rows=chosen, time_limit_s=time_limit_s, pass_mark=pass_mark, shuffle=shuffle, now=now, rng=rng,
        immediate_scoring=immediate_scoring, attempts_allowed=attempts_allowed, exam_date=exam_date,
    )


def assemble_random_paper(
    session: Session,
    *,
    title: str,
    type_counts: Mapping[QuestionType, int],
    topic_weights: Mapping[int, float] | None = None,
    time_limit_s: int | None,
    pass_mark: float,
    shuffle: bool,
    now: dt.datetime,
    rng: random.Random,
    immediate_scoring: bool = False,
    attempts_allowed: int = 1,
    exam_date: dt.date | None = None,
) -> Paper:
    """A paper drawn at random: `type_counts` questions of each type, topics favoured by `topic_weights`.

    A topic's weight makes its questions proportionally more likely; weight 0 leaves it out. Without
    weights every topic counts alike; with weights, topics not named are left out.

    Raises:
        UserError: a type has fewer usable questions than asked for, or nothing is asked for.
    """
    if sum(max(0, n) for n in type_counts.values()) == 0:
        raise UserError("请至少为一种题型设置题量。")
    chosen: list[QuestionRow] = []
    for question_type in TYPE_ORDER:
        count = max(0, int(type_counts.get(question_type, 0)))
        if count == 0:
            continue
        candidates = list(
            session.scalars(
                select(QuestionRow)
                .where(QuestionRow.type == question_type.value, QuestionRow.status.in_(USABLE_STATUSES))
                .order_by(QuestionRow.id)
            )
        )
        weighted = [(row, _weight(row.topic_id, topic_weights)) for row in candidates]
        weighted = [(row, w) for row, w in weighted if w > 0]
        if len(weighted) < count:
            raise UserError(f"{question_type.label}只有{len(weighted)}道可用，不够{count}道。")
        chosen.extend(_weighted_sample(weighted, count, rng))
    return _store_paper(
        session, title=title, rows=chosen, time_limit_s=time_limit_s, pass_mark=pass_mark, shuffle=shuffle, now=now, rng=rng,
        immediate_scoring=immediate_scoring, attempts_allowed=attempts_allowed, exam_date=exam_date,
    )


def _weight(topic_id: int, weights: Mapping[int, float] | None) -> float:
    if not weights:
        return 1.0
    return max(0.0, float(weights.get(topic_id, 0.0)))


def _weighted_sample(weighted: list[tuple[QuestionRow, float]], count: int, rng: random.Random) -> list[QuestionRow]:
    """Weighted sampling without replacement (Efraimidis–Spirakis keys u^(1/w)), in bank order."""
    keyed = sorted(weighted, key=lambda pair: math.log(rng.random() or 1e-300) / pair[1], reverse=True)
    picked = {row.id for row, _ in keyed[:count]}
    return [row for row, _ in weighted if row.id in picked]


def _store_paper(
    session: Session,
    *,
    title: str,
    rows: list[QuestionRow],
    time_limit_s: int | None,
    pass_mark: float,
    shuffle: bool,
    now: dt.datetime,
    rng: random.Random,
    immediate_scoring: bool,
    attempts_allowed: int,
    exam_date: dt.date | None,
) -> Paper:
    """Snapshot the rows as a paper and keep it, key included, in this database (the file may go keyless)."""
    title = title.strip()
    if not title:
        raise UserError("请填写试卷标题。")
    if len(rows) > MAX_PAPER_QUESTIONS:
        raise UserError(f"一份试卷最多{MAX_PAPER_QUESTIONS}道题。")
    if not 0.0 < pass_mark <= 1.0:
        raise UserError("及格线应在1%到100%之间。")
    if time_limit_s is not None and time_limit_s <= 0:
        raise UserError("考试时长应大于0。")
    if time_limit_s is not None and time_limit_s > MAX_TIME_LIMIT_S:
        raise UserError("考试时长最长24小时。")
    if not 1 <= attempts_allowed <= MAX_ATTEMPTS:
        raise UserError(f"允许作答次数应在1到{MAX_ATTEMPTS}之间。")
    if exam_date is not None and exam_date < now.astimezone(CHINA_TZ).date():
        raise UserError("考试日期不能早于今天。")
    if exam_date is not None and (exam_date - now.astimezone(CHINA_TZ).date()).days > MAX_DAYS_AHEAD:
        raise UserError("考试日期不能晚于两年之后。")
    topic_titles: dict[int, str] = {
        topic_id: title
        for topic_id, title in session.execute(
            select(TopicRow.id, TopicRow.title).where(TopicRow.id.in_({r.topic_id for r in rows}))
        )
    }
    ordered = sorted(rows, key=lambda r: TYPE_ORDER.index(QuestionType(r.type)))  # stable: keeps order within a type
    arranged = {row.id: _arranged(row, rng) for row in ordered}
    questions = tuple(
        PaperQuestion(
            key=f"q{number:03d}",
            type=QuestionType(row.type),
            stem=row.stem,
            options=arranged[row.id][0],
            answer=arranged[row.id][1],
            answer_text=row.answer_text,
            explanation=row.explanation,
            topic=topic_titles.get(row.topic_id, ""),
            quote=row.quote,
        )
        for number, row in enumerate(ordered, start=1)
    )
    uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    while session.scalar(select(PaperRow.id).where(PaperRow.uid == uid)) is not None:  # a reused seed
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    paper = Paper(
        uid=uid,
        version=PAPER_VERSION,
        title=title,
        created_at=now,
        time_limit_s=time_limit_s,
        pass_mark=pass_mark,
        shuffle=shuffle,
        questions=questions,
        immediate_scoring=immediate_scoring,
        attempts_allowed=attempts_allowed,
        exam_date=exam_date,
    )
    session.add(
        PaperRow(
            uid=paper.uid,
            version=paper.version,
            title=paper.title,
            created_at=now,
            time_limit_s=time_limit_s,
            pass_mark=pass_mark,
            content=paper_to_json(paper),
        )
    )
    session.flush()
    return paper


def _arranged(row: QuestionRow, rng: random.Random) -> tuple[tuple[str, ...] | None, object]:
    """A question's options and key as the paper carries them.

    The options of an ordering question are put in an order that is not the answer: a bank question typed in
    its right order (key A→B→C) would otherwise give its answer away in a keyless paper file.
    """
    options = tuple(row.options) if row.options is not None else None
    if QuestionType(row.type) is not QuestionType.ORDER or options is None or len(options) < 2:
        return options, row.answer
    key = [int(k) for k in row.answer]
    if key != list(range(len(options))):
        return options, row.answer
    permutation = list(range(len(options)))
    while permutation == key:
        rng.shuffle(permutation)
    return tuple(options[p] for p in permutation), [permutation.index(k) for k in key]


def get_paper(session: Session, uid: str) -> Paper | None:
    """A paper the trainer assembled on this data, with its key."""
    row = session.scalar(select(PaperRow).where(PaperRow.uid == uid))
    return paper_from_json(row.content) if row is not None else None


def list_papers(session: Session) -> list[PaperSummary]:
    """The papers assembled on this data, newest first."""
    rows = session.scalars(select(PaperRow).order_by(PaperRow.created_at.desc(), PaperRow.id.desc()))
    return [
        PaperSummary(
            uid=row.uid,
            title=row.title,
            created_at=row.created_at,
            question_count=len(row.content.get("questions", [])),
            time_limit_s=row.time_limit_s,
            pass_mark=row.pass_mark,
            immediate_scoring=row.content.get("immediate_scoring", True) is True,
            attempts_allowed=int(row.content.get("attempts_allowed", 1)),
            exam_date=_stored_exam_date(row.content.get("exam_date")),
        )
        for row in rows
    ]


def _stored_exam_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def register_paper(session: Session, paper: Paper) -> bool:
    """Keep a paper assembled elsewhere (from its file) so results can be collected here; False if known.

    Raises:
        UserError: the file carries no key (a keyless paper is collected where it was made).
    """
    if not paper.has_key:
        raise UserError("这份试卷文件不含答案（组卷时未选即时评分），只能在组卷的电脑上汇总成绩。")
    if session.scalar(select(PaperRow.id).where(PaperRow.uid == paper.uid)) is not None:
        return False
    session.add(
        PaperRow(
            uid=paper.uid,
            version=paper.version,
            title=paper.title,
            created_at=paper.created_at,
            time_limit_s=paper.time_limit_s,
            pass_mark=paper.pass_mark,
            content=paper_to_json(paper),
        )
    )
    session.flush()
    return True
