"""Paper assembly (组卷): fixed or random papers, stored with their key, and the self-contained paper file."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError, os_error_text
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow, TopicRow
from trainer.models import PaperRow

PAPER_FORMAT = "xunxue-paper"
PAPER_VERSION = 1
PAPER_SUFFIX = ".xxpaper.json"
USABLE_STATUSES = ("active", "approved")
TYPE_ORDER = tuple(QuestionType)
MAX_PAPER_QUESTIONS = 300
MAX_PAPER_FILE_BYTES = 10 * 1024 * 1024
MAX_TIME_LIMIT_S = 24 * 3600
MAX_POINTS = 100.0
MAX_TOPIC_CHARS = 200


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a paper as snapshot in the paper file, answer key included."""

    key: str  # unique within the paper: the learner's bank keys its copy by it, results refer to it
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    explanation: str
    topic: str
    points: float = 1.0


@dataclass(frozen=True)
class Paper:
    """A paper: what the file holds and what the trainer keeps to re-grade results."""

    uid: str
    version: int
    title: str
    created_at: dt.datetime
    time_limit_s: int | None
    pass_mark: float  # fraction of the points, e.g. 0.6
    shuffle: bool  # each learner gets the questions (within a type) and options in their own order
    questions: tuple[PaperQuestion, ...]

    @property
    def max_score(self) -> float:
        """The points of the whole paper."""
        return sum(q.points for q in self.questions)

    def question(self, key: str) -> PaperQuestion | None:
        """The question with this key, if the paper has it."""
        return next((q for q in self.questions if q.key == key), None)


@dataclass(frozen=True)
class PaperSummary:
    """A stored paper for lists."""

    uid: str
    title: str
    created_at: dt.datetime
    question_count: int
    time_limit_s: int | None
    pass_mark: float


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
        session, title=title, rows=chosen, time_limit_s=time_limit_s, pass_mark=pass_mark, shuffle=shuffle, now=now, rng=rng
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
        session, title=title, rows=chosen, time_limit_s=time_limit_s, pass_mark=pass_mark, shuffle=shuffle, now=now, rng=rng
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
) -> Paper:
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
    topic_titles: dict[int, str] = {
        topic_id: title
        for topic_id, title in session.execute(
            select(TopicRow.id, TopicRow.title).where(TopicRow.id.in_({r.topic_id for r in rows}))
        )
    }
    ordered = sorted(rows, key=lambda r: TYPE_ORDER.index(QuestionType(r.type)))  # stable: keeps order within a type
    questions = tuple(
        PaperQuestion(
            key=f"q{number:03d}",
            type=QuestionType(row.type),
            stem=row.stem,
            options=tuple(row.options) if row.options is not None else None,
            answer=row.answer,
            answer_text=row.answer_text,
            explanation=row.explanation,
            topic=topic_titles.get(row.topic_id, ""),
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


def paper_to_json(paper: Paper) -> dict[str, Any]:
    """The paper file's content (format `xunxue-paper`, version 1)."""
    return {
        "format": PAPER_FORMAT,
        "version": paper.version,
        "uid": paper.uid,
        "title": paper.title,
        "created_at": paper.created_at.isoformat(),
        "time_limit_s": paper.time_limit_s,
        "pass_mark": paper.pass_mark,
        "shuffle": paper.shuffle,
        "questions": [
            {
                "key": q.key,
                "type": q.type.value,
                "stem": q.stem,
                "options": list(q.options) if q.options is not None else None,
                "answer": q.answer,
                "answer_text": q.answer_text,
                "explanation": q.explanation,
                "topic": q.topic,
                "points": q.points,
            }
            for q in paper.questions
        ],
    }


def paper_from_json(data: Any) -> Paper:
    """Read a paper file's content, checking its format, version and every answer key.

    Raises:
        UserError: not a paper file, a newer version, or a malformed question.
    """
    if not isinstance(data, dict) or data.get("format") != PAPER_FORMAT:
        raise UserError("这不是巡学试卷文件。")
    version = data.get("version")
    if version != PAPER_VERSION:
        raise UserError(f"试卷文件的版本为{version}，本程序只能打开版本{PAPER_VERSION}的试卷，请升级巡学。")
    try:
        questions = tuple(_question_from_json(q) for q in data["questions"])
        keys = [q.key for q in questions]
        if not questions or len(set(keys)) != len(keys):
            raise ValueError("keys")
        time_limit = data.get("time_limit_s")
        if time_limit is not None and not (_is_number(time_limit) and time_limit == int(time_limit)
                                           and 0 < time_limit <= MAX_TIME_LIMIT_S):
            raise ValueError("time limit")
        pass_mark = data.get("pass_mark", 0.6)
        if not (_is_number(pass_mark) and 0.0 < pass_mark <= 1.0):
            raise ValueError("pass mark")
        title = data["title"]
        if not isinstance(title, str) or not title.strip():
            raise ValueError("title")
        return Paper(
            uid=str(uuid.UUID(str(data["uid"]))),
            version=PAPER_VERSION,
            title=title.strip(),
            created_at=dt.datetime.fromisoformat(data["created_at"]).astimezone(dt.timezone.utc),
            time_limit_s=int(time_limit) if time_limit is not None else None,
            pass_mark=float(pass_mark),
            shuffle=bool(data.get("shuffle", True)),
            questions=questions,
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise UserError("试卷文件已损坏或格式不正确。") from error


def _is_number(value: Any) -> bool:
    """A finite JSON number (booleans are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _answer_fits(qtype: QuestionType, answer: Any, options: tuple[str, ...] | None) -> bool:
    """Whether an answer key has the shape scoring expects for its type and options."""
    size = len(options or ())
    if qtype in (QuestionType.JUDGE, QuestionType.BLANK):
        if options is not None:
            return False
        if qtype is QuestionType.JUDGE:
            return isinstance(answer, bool)
        return (isinstance(answer, list) and bool(answer)
                and all(isinstance(v, list) and v and all(isinstance(t, str) and t.strip() for t in v) for v in answer))
    if size < 2 or not isinstance(answer, (int, list)):
        return False
    if qtype is QuestionType.SINGLE:
        return _is_index(answer, size)
    if not isinstance(answer, list):
        return False
    if qtype is QuestionType.MULTIPLE:
        return bool(answer) and len(set(answer)) == len(answer) and all(_is_index(a, size) for a in answer)
    if qtype is QuestionType.ORDER:
        return all(_is_index(a, size) for a in answer) and sorted(answer) == list(range(size))
    return len(answer) == size and all(isinstance(a, str) and a.strip() for a in answer)


def _question_from_json(item: dict[str, Any]) -> PaperQuestion:
    qtype = QuestionType(item["type"])
    raw_options = item.get("options")
    if raw_options is not None and (not isinstance(raw_options, list) or not all(isinstance(o, str) for o in raw_options)):
        raise ValueError(f"bad options for {item.get('key')}")
    options = tuple(raw_options) if raw_options is not None else None
    answer = item["answer"]
    if not _answer_fits(qtype, answer, options):
        raise ValueError(f"bad answer for {item.get('key')}")
    stem, topic, points = item["stem"], item.get("topic", ""), item.get("points", 1.0)
    if not isinstance(stem, str) or not stem.strip():
        raise ValueError(f"bad stem for {item.get('key')}")
    if not isinstance(topic, str) or len(topic) > MAX_TOPIC_CHARS:
        raise ValueError(f"bad topic for {item.get('key')}")
    if not (_is_number(points) and 0 < points <= MAX_POINTS):
        raise ValueError(f"bad points for {item.get('key')}")
    return PaperQuestion(
        key=str(item["key"]),
        type=qtype,
        stem=stem,
        options=options,
        answer=answer,
        answer_text=str(item.get("answer_text", "")),
        explanation=str(item.get("explanation", "")),
        topic=topic,
        points=float(points),
    )


def write_paper_file(paper: Paper, path: Path) -> None:
    """Save a paper file to hand out (UTF-8 JSON)."""
    try:
        path.write_text(json.dumps(paper_to_json(paper), ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as error:
        raise UserError(f"无法写入试卷文件：{path}（{os_error_text(error)}）") from error


def read_paper_file(path: Path) -> Paper:
    """Open a paper file.

    Raises:
        UserError: missing, too large, not JSON, or not a valid paper.
    """
    try:
        if path.stat().st_size > MAX_PAPER_FILE_BYTES:
            raise UserError(f"文件过大，不是试卷文件：{path.name}")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise UserError(f"找不到试卷文件：{path}") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(f"无法读取试卷文件（不是巡学试卷）：{path.name}") from error
    return paper_from_json(data)


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
        )
        for row in rows
    ]


def register_paper(session: Session, paper: Paper) -> bool:
    """Keep a paper assembled elsewhere (from its file) so results can be collected here; False if known."""
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
