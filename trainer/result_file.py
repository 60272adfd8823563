"""The result file (`xunxue-result`, version 1): one sitting of a paper, its one reader and its one writer.

A learner's machine writes it after the exam; the trainer's machine reads it back and re-grades the answers
against its own key. The reader checks every field and, given the paper, every answer's shape
(`question_bank.answer_shapes`); a bad file is refused whole with one line of Chinese. Numbers a person may
have edited by hand (the claimed score, the time spent) are read leniently: they are flagged, not fatal.
"""

from __future__ import annotations

import datetime as dt
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
from question_bank.answer_shapes import LearnerAnswer, answer_problem
from trainer.paper_file import Paper

RESULT_FORMAT = "xunxue-result"
RESULT_VERSION = 1
RESULT_SUFFIX = ".xxresult.json"
MAX_RESULT_FILE_BYTES = 5 * 1024 * 1024
MAX_DURATION_MS = 7 * 24 * 3600 * 1000  # a week: more than any sitting
MAX_ANSWERS = 1000


@dataclass(frozen=True)
class ResultAnswer:
    """One answer of a sitting, keyed by the paper's question key; `answer` is in bank terms or None."""

    key: str
    position: int
    answer: LearnerAnswer | None
    answered_at: dt.datetime | None
    duration_ms: int  # 0 when the file holds no sensible number


@dataclass(frozen=True)
class ResultFile:
    """One sitting of a paper as its result file tells it."""

    sitting_uid: str
    paper_uid: str
    paper_title: str
    learner_uid: str
    learner_name: str
    learner_unit: str
    started_at: dt.datetime | None
    submitted_at: dt.datetime | None
    claimed_score: float | None  # None when missing or not a finite number (then it cannot match)
    claimed_max_score: float | None
    claimed_passed: bool | None
    answers: tuple[ResultAnswer, ...]


def result_to_json(result: ResultFile) -> dict[str, Any]:
    """The result file's content."""
    score, max_score = result.claimed_score or 0.0, result.claimed_max_score or 0.0
    return {
        "format": RESULT_FORMAT,
        "version": RESULT_VERSION,
        "sitting_uid": result.sitting_uid,
        "paper": {"uid": result.paper_uid, "version": 1, "title": result.paper_title},
        "learner": {"uid": result.learner_uid, "name": result.learner_name, "unit": result.learner_unit},
        "started_at": _iso(result.started_at),
        "submitted_at": _iso(result.submitted_at),
        "claimed": {
            "score": score,
            "max_score": max_score,
            "percent": round(100.0 * score / max_score, 2) if max_score else 0.0,
            "passed": bool(result.claimed_passed),
        },
        "answers": [
            {"key": a.key, "position": a.position, "answer": a.answer, "answered_at": _iso(a.answered_at),
             "duration_ms": a.duration_ms}
            for a in result.answers
        ],
    }


def result_from_json(data: Any) -> ResultFile:
    """Read a result file's content (see the module docstring for what is lenient).

    Raises:
        UserError: not a result file, another version, or a malformed field (one line of Chinese).
    """
    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise UserError("不是巡学成绩文件")
    if data.get("version") != RESULT_VERSION:
        raise UserError(f"成绩文件版本为{data.get('version')}，无法识别")
    if not all(isinstance(data.get(k), t) for k, t in (("paper", dict), ("learner", dict), ("answers", list))):
        raise UserError("成绩文件内容不完整")
    if not data.get("sitting_uid"):
        raise UserError("成绩文件缺少考试编号")
    paper, learner, claimed = data["paper"], data["learner"], data.get("claimed")
    claimed = claimed if isinstance(claimed, dict) else {}
    try:
        if len(data["answers"]) > MAX_ANSWERS:
            raise FieldError("作答")
        return ResultFile(
            sitting_uid=str(data["sitting_uid"])[:36],
            paper_uid=str(paper.get("uid")),
            paper_title=text(paper.get("title"), "试卷标题", limit=400),
            learner_uid=str(learner.get("uid") or "")[:36],
            learner_name=text(learner.get("name"), "姓名", limit=400).strip()[:100],
            learner_unit=text(learner.get("unit"), "单位", limit=400).strip()[:200],
            started_at=_time(data.get("started_at")),
            submitted_at=_time(data.get("submitted_at")),
            claimed_score=_number(claimed.get("score")),
            claimed_max_score=_number(claimed.get("max_score")),
            claimed_passed=claimed.get("passed") if isinstance(claimed.get("passed"), bool) else None,
            answers=tuple(_answer(a) for a in data["answers"]),
        )
    except FieldError as error:
        raise UserError(f"成绩文件中的{error.what}格式不正确") from error


def _answer(item: Any) -> ResultAnswer:
    if not isinstance(item, dict):
        raise FieldError("作答")
    key, position = item.get("key"), item.get("position", 0)
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise FieldError("题目编号")
    if not (is_number(position) and position == int(position) and position >= 0):
        raise FieldError("题目序号")
    duration = _number(item.get("duration_ms"))
    return ResultAnswer(
        key=str(key),
        position=int(position),
        answer=item.get("answer"),
        answered_at=_time(item.get("answered_at")),
        duration_ms=int(duration) if duration is not None and 0 <= duration <= MAX_DURATION_MS else 0,
    )


def check_answers(result: ResultFile, paper: Paper) -> None:
    """Refuse a result whose answers do not fit the paper's questions (shape per type, see `answer_shapes`).

    Answers to keys the paper does not have are ignored, as re-grading ignores them.

    Raises:
        UserError: `第3题（q003）的作答格式不正确：单选题的作答应为一个选项`.
    """
    for number, question in enumerate(paper.questions, start=1):
        for given in result.answers:
            if given.key != question.key or given.answer is None:
                continue
            problem = answer_problem(question.type, question.options, question.answer, given.answer)
            if problem is not None:
                raise UserError(f"第{number}题（{question.key}）的作答格式不正确：{problem}")


def write_result_file(result: ResultFile, path: Path) -> None:
    """Save a result file (UTF-8 JSON, written whole or not at all)."""
    write_json_file(result_to_json(result), path, what="成绩文件")


def read_result_file(path: Path) -> ResultFile:
    """Open a result file.

    Raises:
        UserError: unreadable, too large, or not a valid result file.
    """
    return result_from_json(read_json_file(path, what="成绩文件", max_bytes=MAX_RESULT_FILE_BYTES))


def _number(value: Any) -> float | None:
    """A finite JSON number, else None (NaN and infinities never match a re-graded score)."""
    return float(value) if is_number(value) else None


def _time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(dt.timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
