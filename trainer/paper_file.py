"""The paper file (`xunxue-paper`, version 1): the `Paper` value, its one reader and its one writer.

A paper file is self-contained: title, time limit, pass mark and every question with its key, so a learner's
machine can sit it and the trainer's can re-grade result files against it. The reader checks every field's
type and range and every answer key's shape (`question_bank.answer_shapes`); a bad file is refused whole.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation.errors import UserError
from foundation.json_files import (
    FieldError,
    is_number,
    read_json_file,
    text,
    write_json_file,
)
from question_bank.answer_shapes import key_problem
from question_bank.drafts import QuestionType

PAPER_FORMAT = "xunxue-paper"
PAPER_VERSION = 1
PAPER_SUFFIX = ".xxpaper.json"
TYPE_ORDER = tuple(QuestionType)
MAX_PAPER_FILE_BYTES = 10 * 1024 * 1024
MAX_TIME_LIMIT_S = 24 * 3600
MAX_POINTS = 100.0
MAX_TOPIC_CHARS = 200
MAX_KEY_CHARS = 40
MAX_TEXT_CHARS = 20_000
_CORRUPT = "试卷文件已损坏或格式不正确。"


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a paper as snapshot in the paper file, answer key included."""

    key: str  # unique within the paper: the learner's bank keys its copy by it, results refer to it
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any  # an `answer_shapes.AnswerKey` of `type`, its shape checked on reading
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
    """Read a paper file's content, checking its format, version, every field and every answer key.

    Raises:
        UserError: not a paper file, a newer version, or a malformed field or question (one line of Chinese).
    """
    if not isinstance(data, dict) or data.get("format") != PAPER_FORMAT:
        raise UserError("这不是巡学试卷文件。")
    version = data.get("version")
    if version != PAPER_VERSION:
        raise UserError(f"试卷文件的版本为{version}，本程序只能打开版本{PAPER_VERSION}的试卷，请升级巡学。")
    try:
        raw_questions = data["questions"]
        if not isinstance(raw_questions, list):
            raise FieldError("题目")
        questions = tuple(_question_from_json(q) for q in raw_questions)
        keys = [q.key for q in questions]
        if not questions or len(set(keys)) != len(keys):
            raise FieldError("题目编号")
        time_limit = data.get("time_limit_s")
        if time_limit is not None and not (is_number(time_limit) and time_limit == int(time_limit)
                                           and 0 < time_limit <= MAX_TIME_LIMIT_S):
            raise FieldError("考试时长")
        pass_mark = data.get("pass_mark", 0.6)
        if not (is_number(pass_mark) and 0.0 < pass_mark <= 1.0):
            raise FieldError("及格线")
        shuffle = data.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise FieldError("乱序")
        created_at = dt.datetime.fromisoformat(text(data["created_at"], "组卷时间", limit=40))
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=dt.timezone.utc)
        return Paper(
            uid=str(uuid.UUID(text(data["uid"], "试卷编号", limit=36))),
            version=PAPER_VERSION,
            title=text(data["title"], "标题", limit=200, required=True).strip(),
            created_at=created_at.astimezone(dt.timezone.utc),
            time_limit_s=int(time_limit) if time_limit is not None else None,
            pass_mark=float(pass_mark),
            shuffle=shuffle,
            questions=questions,
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:  # FieldError is a ValueError
        raise UserError(_CORRUPT) from error


def _question_from_json(item: Any) -> PaperQuestion:
    if not isinstance(item, dict):
        raise FieldError("题目")
    qtype = QuestionType(item["type"])
    raw_options = item.get("options")
    if raw_options is not None and (not isinstance(raw_options, list) or not all(isinstance(o, str) for o in raw_options)):
        raise FieldError("选项")
    options = tuple(raw_options) if raw_options is not None else None
    answer = item["answer"]
    stem = text(item["stem"], "题干", limit=MAX_TEXT_CHARS, required=True)
    if key_problem(qtype, options, answer) is not None:  # no blank count: papers of hand-typed stems exist
        raise FieldError("答案")
    points = item.get("points", 1.0)
    if not (is_number(points) and 0 < points <= MAX_POINTS):
        raise FieldError("分值")
    key = item["key"]
    if isinstance(key, bool) or not isinstance(key, (str, int)) or not str(key).strip() or len(str(key)) > MAX_KEY_CHARS:
        raise FieldError("题目编号")
    return PaperQuestion(
        key=str(key),
        type=qtype,
        stem=stem,
        options=options,
        answer=answer,
        answer_text=text(item.get("answer_text"), "答案说明", limit=MAX_TEXT_CHARS),
        explanation=text(item.get("explanation"), "解析", limit=MAX_TEXT_CHARS),
        topic=text(item.get("topic"), "专题", limit=MAX_TOPIC_CHARS),
        points=float(points),
    )


def write_paper_file(paper: Paper, path: Path) -> None:
    """Save a paper file to hand out (UTF-8 JSON, written whole or not at all)."""
    write_json_file(paper_to_json(paper), path, what="试卷文件")


def read_paper_file(path: Path) -> Paper:
    """Open a paper file.

    Raises:
        UserError: missing, too large, not JSON, or not a valid paper.
    """
    return paper_from_json(read_json_file(path, what="试卷文件", max_bytes=MAX_PAPER_FILE_BYTES))
