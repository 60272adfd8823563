"""The paper file (`xunxue-paper`, version 1): the `Paper` value, its one reader and its one writer.

A paper file holds the title, time limit, 及格线, the retake policy (`attempts_allowed`), optionally the unit's
exam date (`exam_date`, `YYYY-MM-DD`: learners without a plan adopt it) and every question.
Whether it holds the answer key depends on `immediate_scoring`, which the trainer chooses when making it:

- without immediate scoring (the default) the file carries no key at all: no `answer`, no `answer_text`, no
  `explanation` (a blank question says only how many blanks it has). The trainer's database keeps the key;
  the learner's app says 已交卷 and shows the result when the trainer's receipt file comes back;
- with immediate scoring the key is embedded, and the learner sees the result at once.

Older files (before `immediate_scoring` existed) carry their key and are read as immediately scored. The
reader checks every field's type and range and every key's shape (`question_bank.answer_shapes`), and refuses
more than `MAX_PAPER_QUESTIONS` questions before building any of them; a bad file is refused whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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
MAX_PAPER_QUESTIONS = 300
MAX_ATTEMPTS = 99
MAX_BLANKS = 20
EXAM_YEARS = (1990, 2199)
_CORRUPT = "试卷文件已损坏或格式不正确。"


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a paper as snapshot in the paper file (with its key, or keyless: `answer` None)."""

    key: str  # unique within the paper: the learner's bank keys its copy by it, results refer to it
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any  # an `answer_shapes.AnswerKey` of `type` (shape checked on reading), or None in a keyless file
    answer_text: str
    explanation: str
    topic: str
    points: float = 1.0
    quote: str = ""  # the source sentence (the results page shows it like any other result's)
    blank_count: int = 0  # blank questions: how many blanks (a keyless file's only hint of the key's shape)
    choices: tuple[str, ...] = ()  # match questions: the right-hand items, sorted (the pairing is the key)

    @property
    def blanks(self) -> int:
        """The number of blanks of a blank question (from the key when there is one)."""
        if self.type is QuestionType.BLANK and isinstance(self.answer, list):
            return len(self.answer)
        return self.blank_count

    @property
    def match_choices(self) -> tuple[str, ...]:
        """The right-hand items of a match question, sorted so that they say nothing of the pairing."""
        if self.type is QuestionType.MATCH and isinstance(self.answer, list):
            return tuple(sorted(self.answer))
        return self.choices

    def shape_key(self) -> Any:
        """A stand-in key of the right shape (blank count, right-hand items) for a keyless question."""
        size = len(self.options or ())
        return {
            QuestionType.SINGLE: 0, QuestionType.MULTIPLE: [0], QuestionType.JUDGE: True,
            QuestionType.BLANK: [["-"]] * max(1, self.blanks), QuestionType.ORDER: list(range(size)),
            QuestionType.MATCH: list(self.match_choices),
        }[self.type]


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
    immediate_scoring: bool = False  # the key travels in the file and the learner sees the result at once
    attempts_allowed: int = 1  # how many times one learner may sit it
    exam_date: dt.date | None = None  # the unit's exam day (local calendar), learners may plan toward it

    @property
    def has_key(self) -> bool:
        """Whether every question carries its answer key."""
        return all(q.answer is not None for q in self.questions)

    @property
    def digest(self) -> str:
        """A fingerprint of what the learner sees (title, settings, questions; never the key).

        Two papers under one id with different digests are different versions: the learner's app keeps
        each version's questions apart, and collection flags a result sat on another version.
        """
        seen = {
            "uid": self.uid, "title": self.title, "time_limit_s": self.time_limit_s, "pass_mark": self.pass_mark,
            "questions": [[q.key, q.type.value, q.stem, list(q.options or ()), q.points, q.blanks] for q in self.questions],
        }
        canonical = json.dumps(seen, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

    @property
    def max_score(self) -> float:
        """The points of the whole paper."""
        return sum(q.points for q in self.questions)

    def question(self, key: str) -> PaperQuestion | None:
        """The question with this key, if the paper has it."""
        return next((q for q in self.questions if q.key == key), None)


def paper_to_json(paper: Paper, *, with_key: bool = True) -> dict[str, Any]:
    """The paper's content (format `xunxue-paper`, version 1); `with_key=False` leaves every key field out."""
    questions = []
    for q in paper.questions:
        item: dict[str, Any] = {
            "key": q.key,
            "type": q.type.value,
            "stem": q.stem,
            "options": list(q.options) if q.options is not None else None,
            "topic": q.topic,
            "points": q.points,
        }
        if q.type is QuestionType.BLANK:
            item["blanks"] = q.blanks
        if q.type is QuestionType.MATCH:
            item["choices"] = list(q.match_choices)
        if with_key and q.answer is not None:
            item.update(answer=q.answer, answer_text=q.answer_text, explanation=q.explanation, quote=q.quote)
        questions.append(item)
    return {
        "format": PAPER_FORMAT,
        "version": paper.version,
        "uid": paper.uid,
        "title": paper.title,
        "created_at": paper.created_at.isoformat(),
        "time_limit_s": paper.time_limit_s,
        "pass_mark": paper.pass_mark,
        "shuffle": paper.shuffle,
        "immediate_scoring": paper.immediate_scoring,
        "attempts_allowed": paper.attempts_allowed,
        **({"exam_date": paper.exam_date.isoformat()} if paper.exam_date is not None else {}),
        "questions": questions,
    }


def learner_paper_json(paper: Paper) -> dict[str, Any]:
    """What the file handed to learners holds: the key only when the paper allows immediate scoring."""
    return paper_to_json(paper, with_key=paper.immediate_scoring)


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
        if len(raw_questions) > MAX_PAPER_QUESTIONS:  # before building any: 100,000 questions must not freeze
            raise UserError(f"试卷最多{MAX_PAPER_QUESTIONS}道题，这份有{len(raw_questions)}道，未打开。")
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
        has_key = all(q.answer is not None for q in questions)
        immediate = data.get("immediate_scoring", has_key)  # files before the field carried their key
        if not isinstance(immediate, bool) or (immediate and not has_key):
            raise FieldError("即时评分")
        attempts = data.get("attempts_allowed", 1)
        if not (is_number(attempts) and attempts == int(attempts) and 1 <= attempts <= MAX_ATTEMPTS):
            raise FieldError("允许作答次数")
        exam_date = _exam_date(data.get("exam_date"))
        return Paper(
            uid=str(uuid.UUID(text(data["uid"], "试卷编号", limit=36))),
            version=PAPER_VERSION,
            title=text(data["title"], "标题", limit=200, required=True).strip(),
            created_at=created_at.astimezone(dt.timezone.utc),
            time_limit_s=int(time_limit) if time_limit is not None else None,
            pass_mark=float(pass_mark),
            shuffle=shuffle,
            questions=questions,
            immediate_scoring=immediate,
            attempts_allowed=int(attempts),
            exam_date=exam_date,
        )
    except (KeyError, TypeError, ValueError, IndexError, OverflowError) as error:  # FieldError is a ValueError
        raise UserError(_CORRUPT) from error


def _exam_date(value: Any) -> dt.date | None:
    """The optional `exam_date` (`YYYY-MM-DD`; absent in files before it existed)."""
    if value is None:
        return None
    day = dt.date.fromisoformat(text(value, "考试日期", limit=10))
    if not EXAM_YEARS[0] <= day.year <= EXAM_YEARS[1]:
        raise FieldError("考试日期")
    return day


def _question_from_json(item: Any) -> PaperQuestion:
    if not isinstance(item, dict):
        raise FieldError("题目")
    qtype = QuestionType(item["type"])
    raw_options = item.get("options")
    if raw_options is not None and (not isinstance(raw_options, list) or not all(isinstance(o, str) for o in raw_options)):
        raise FieldError("选项")
    options = tuple(raw_options) if raw_options is not None else None
    answer = item.get("answer")  # absent in a keyless file
    stem = text(item["stem"], "题干", limit=MAX_TEXT_CHARS, required=True)
    if answer is not None and key_problem(qtype, options, answer) is not None:  # no blank count: hand-typed stems
        raise FieldError("答案")
    raw_choices = item.get("choices", sorted(answer) if qtype is QuestionType.MATCH and isinstance(answer, list) else [])
    if not isinstance(raw_choices, list) or not all(isinstance(c, str) for c in raw_choices):
        raise FieldError("选项")
    choices = tuple(raw_choices) if qtype is QuestionType.MATCH else ()
    if answer is None and key_problem(qtype, options, _shape_key(qtype, options, choices)) is not None:
        raise FieldError("选项")
    blanks = item.get("blanks", len(answer) if qtype is QuestionType.BLANK and answer is not None else 0)
    if qtype is QuestionType.BLANK and not (is_number(blanks) and blanks == int(blanks) and 1 <= blanks <= MAX_BLANKS):
        raise FieldError("填空数")
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
        quote=text(item.get("quote"), "原文", limit=MAX_TEXT_CHARS),
        blank_count=int(blanks) if qtype is QuestionType.BLANK else 0,
        choices=choices,
    )


def _shape_key(qtype: QuestionType, options: tuple[str, ...] | None, choices: tuple[str, ...]) -> Any:
    """A key of the right shape for checking a keyless question's options (never stored or shown)."""
    size = len(options or ())
    return {
        QuestionType.SINGLE: 0, QuestionType.MULTIPLE: [0], QuestionType.JUDGE: True, QuestionType.BLANK: [["-"]],
        QuestionType.ORDER: list(range(size)), QuestionType.MATCH: list(choices),
    }[qtype]


def write_paper_file(paper: Paper, path: Path) -> None:
    """Save a paper file to hand out (UTF-8 JSON, written whole or not at all): keyless unless immediately scored."""
    write_json_file(learner_paper_json(paper), path, what="试卷文件")


def read_paper_file(path: Path) -> Paper:
    """Open a paper file.

    Raises:
        UserError: missing, too large, not JSON, or not a valid paper.
    """
    try:
        return paper_from_json(read_json_file(path, what="试卷文件", max_bytes=MAX_PAPER_FILE_BYTES))
    except RecursionError as error:  # a deeply nested file
        raise UserError("试卷文件嵌套过深，不是有效的试卷文件。") from error
