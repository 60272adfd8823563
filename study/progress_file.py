"""The progress file (`xunxue-progress`, version 1): one learner's history as frozen records, its reader and writer.

Items are named by stable bank keys, not ids: a flashcard or question by (document title, topic position, item
key), a topic by (document title, topic position). The reader checks every field's type and range and refuses
a bad file whole with one line of Chinese; answers are checked against the questions of the receiving bank by
`study.transfer.import_progress` (with `question_bank.answer_shapes`), since only that bank knows their shape.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from foundation.errors import UserError
from foundation.json_files import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    FieldError,
    flag,
    moment,
    read_json_file,
    real,
    text,
    whole,
    write_json_file,
)
from question_bank.answer_shapes import LearnerAnswer
from study.types import QuizMode, QuizSpec, quiz_spec_from_json

FORMAT = "xunxue-progress"
VERSION = 1
MAX_PROGRESS_FILE_BYTES = 200 * 1024 * 1024
# Ranges a real history stays far inside; a value outside is a damaged or forged file, refused whole.
MAX_DURATION_MS = 30 * 24 * 3600 * 1000  # one review or one question: a month (a window left open is counted)
MAX_COUNT = 1_000_000  # reviews, lapses, wrong answers, correct streaks of one card or question
MAX_STEP = 100  # FSRS learning steps
MAX_STABILITY_DAYS = 1_000_000.0
MAX_DIFFICULTY = 10.0  # FSRS difficulty is 1..10
MAX_ATTEMPT_ITEMS = 10_000  # questions in one attempt (a paper has at most a few hundred)
_SCORE_SLACK = 1e-6
ItemKey = tuple[str, int, str]  # (document title, topic position, item key)
TopicKey = tuple[str, int]  # (document title, topic position)
_T = TypeVar("_T")


@dataclass(frozen=True)
class LearnerRecord:
    """The learner's profile."""

    uid: str
    name: str
    unit: str
    created_at: dt.datetime
    daily_new_limit: int
    desired_retention: float


@dataclass(frozen=True)
class CardStateRecord:
    """The learner's FSRS state of one flashcard."""

    card: ItemKey
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: dt.datetime
    last_review: dt.datetime | None
    reps: int
    lapses: int
    leech: bool
    introduced_at: dt.datetime | None


@dataclass(frozen=True)
class ReviewLogRecord:
    """One flashcard review."""

    card: ItemKey
    rating: int
    reviewed_at: dt.datetime
    duration_ms: int
    cram: bool


@dataclass(frozen=True)
class AttemptItemRecord:
    """One question of an attempt; `answer` in bank terms, its shape checked on import."""

    position: int
    question: ItemKey
    option_order: tuple[int, ...] | None
    answer: LearnerAnswer | None
    answered_at: dt.datetime | None
    duration_ms: int
    score: float | None
    correct: bool | None
    flagged: bool


@dataclass(frozen=True)
class AttemptRecord:
    """One quiz, timed quiz or exam; its spec names topics and questions by key, not id."""

    uid: str
    mode: QuizMode
    spec: QuizSpec  # topic_ids and question_ids empty here: see `topics` and `questions`
    topics: tuple[TopicKey, ...]
    questions: tuple[ItemKey, ...] | None
    paper_uid: str | None
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    submitted_at: dt.datetime | None
    current_index: int
    score: float | None
    max_score: float | None
    passed: bool | None
    items: tuple[AttemptItemRecord, ...]


@dataclass(frozen=True)
class WrongAnswerRecord:
    """An entry of the wrong-answer book."""

    question: ItemKey
    added_at: dt.datetime
    last_wrong_at: dt.datetime
    wrong_count: int
    correct_streak: int
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class ExamGoalRecord:
    """The learner's exam goal: the exam's local day, the recall wanted on it, and the day it was set."""

    exam_date: dt.date
    target_recall: float
    set_on: dt.date


@dataclass(frozen=True)
class ProgressFile:
    """A learner's complete history as the file holds it."""

    exported_at: dt.datetime
    learner: LearnerRecord
    card_states: tuple[CardStateRecord, ...]
    review_logs: tuple[ReviewLogRecord, ...]
    attempts: tuple[AttemptRecord, ...]
    wrong_answers: tuple[WrongAnswerRecord, ...]
    exam_goal: ExamGoalRecord | None = None  # absent in files from before exam plans


# --- writing ------------------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.timezone.utc).isoformat()


def _spec_json(record: AttemptRecord) -> dict[str, Any]:
    out = record.spec.to_json()
    out["topic_ids"] = [list(t) for t in record.topics]
    out["question_ids"] = None if record.questions is None else [list(q) for q in record.questions]
    return out


def progress_to_json(progress: ProgressFile) -> dict[str, Any]:
    """The file's content."""
    learner = progress.learner
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(progress.exported_at),
        "learner": {
            "uid": learner.uid, "name": learner.name, "unit": learner.unit, "created_at": _iso(learner.created_at),
            "daily_new_limit": learner.daily_new_limit, "desired_retention": learner.desired_retention,
        },
        "card_states": [
            {
                "card": list(s.card), "state": s.state, "step": s.step, "stability": s.stability,
                "difficulty": s.difficulty, "due": _iso(s.due), "last_review": _iso(s.last_review), "reps": s.reps,
                "lapses": s.lapses, "leech": s.leech, "introduced_at": _iso(s.introduced_at),
            }
            for s in progress.card_states
        ],
        "review_logs": [
            {"card": list(r.card), "rating": r.rating, "reviewed_at": _iso(r.reviewed_at),
             "duration_ms": r.duration_ms, "cram": r.cram}
            for r in progress.review_logs
        ],
        "attempts": [
            {
                "uid": a.uid, "mode": a.mode.value, "spec": _spec_json(a),
                "paper_uid": a.paper_uid, "started_at": _iso(a.started_at), "deadline_at": _iso(a.deadline_at),
                "submitted_at": _iso(a.submitted_at), "current_index": a.current_index, "score": a.score,
                "max_score": a.max_score, "passed": a.passed,
                "items": [
                    {"position": i.position, "question": list(i.question),
                     "option_order": None if i.option_order is None else list(i.option_order),
                     "answer": i.answer, "answered_at": _iso(i.answered_at), "duration_ms": i.duration_ms,
                     "score": i.score, "correct": i.correct, "flagged": i.flagged}
                    for i in a.items
                ],
            }
            for a in progress.attempts
        ],
        "wrong_answers": [
            {"question": list(w.question), "added_at": _iso(w.added_at), "last_wrong_at": _iso(w.last_wrong_at),
             "wrong_count": w.wrong_count, "correct_streak": w.correct_streak, "resolved_at": _iso(w.resolved_at)}
            for w in progress.wrong_answers
        ],
        **({} if progress.exam_goal is None else {"exam_goal": {
            "exam_date": progress.exam_goal.exam_date.isoformat(), "target_recall": progress.exam_goal.target_recall,
            "set_on": progress.exam_goal.set_on.isoformat()}}),
    }


def write_progress_file(progress: ProgressFile, path: Path) -> None:
    """Write a progress file (UTF-8 JSON, written whole or not at all; UserError if it cannot be written)."""
    write_json_file(progress_to_json(progress), path, what="文件")


# --- reading ------------------------------------------------------------------------------------


class Inconsistent(FieldError):
    """Fields that are each in range but cannot all be true (a score above the maximum, marked passed)."""


def read_progress_file(path: Path) -> ProgressFile:
    """Read and check a progress file.

    Raises:
        UserError: missing, not JSON, not a progress file, or a field of the wrong type or range.
    """
    try:
        data = read_json_file(Path(path), what="学习记录文件", max_bytes=MAX_PROGRESS_FILE_BYTES)
    except UserError as error:
        if str(error).startswith("找不到"):
            raise UserError(f"找不到文件：{path}") from error
        raise
    return progress_from_json(data)


def progress_from_json(data: Any) -> ProgressFile:
    """Check a progress file's content field by field.

    Raises:
        UserError: `学习记录文件中的复习评分格式不正确或超出范围，未导入任何记录。` and the like.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError("该文件不是巡学导出的学习记录。")
    if data.get("version") != VERSION:
        raise UserError(f"学习记录文件的版本（{data.get('version')}）与本程序不符。")
    if not isinstance(data.get("learner"), dict) or not data["learner"].get("uid"):
        raise UserError("学习记录文件缺少学员信息。")
    try:
        exported = data.get("exported_at")
        progress = ProgressFile(
            exported_at=moment(exported, "导出时间") if exported is not None else dt.datetime.min.replace(tzinfo=dt.timezone.utc),
            learner=_learner(data["learner"]),
            card_states=_records(data, "card_states", _card_state),
            review_logs=_records(data, "review_logs", _review_log),
            attempts=_records(data, "attempts", _attempt),
            wrong_answers=_records(data, "wrong_answers", _wrong_answer),
            exam_goal=_exam_goal(data.get("exam_goal")),
        )
    except Inconsistent as error:
        raise UserError(f"学习记录文件中{error.what}，未导入任何记录。") from error
    except FieldError as error:
        raise UserError(f"学习记录文件中的{error.what}格式不正确或超出范围，未导入任何记录。") from error
    return progress


def _records(data: dict[str, Any], name: str, read: Callable[[dict[str, Any]], _T]) -> tuple[_T, ...]:
    records = data.get(name, [])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FieldError(f"“{name}”部分")
    return tuple(read(r) for r in records)


def _when(value: Any, what: str = "时间") -> dt.datetime:
    return moment(value, what)


def _maybe_when(value: Any, what: str = "时间") -> dt.datetime | None:
    return None if value is None else moment(value, what)


def _maybe_real(value: Any, what: str, *, low: float = 0.0, high: float = float("inf")) -> float | None:
    return None if value is None else real(value, what, low=low, high=high)


def _maybe_flag(value: Any, what: str) -> bool | None:
    return None if value is None else flag(value, what)


def _item_key(value: Any) -> ItemKey:
    if (not isinstance(value, list) or len(value) != 3 or not isinstance(value[0], str)
            or not isinstance(value[2], str)):
        raise FieldError("题目或卡片标识")
    return (value[0], whole(value[1], "题目或卡片标识"), value[2])


def _topic_key(value: Any) -> TopicKey:
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str):
        raise FieldError("测验设置")
    return (value[0], whole(value[1], "测验设置"))


def _learner(record: dict[str, Any]) -> LearnerRecord:
    return LearnerRecord(
        uid=text(record["uid"], "学员标识", limit=36, required=True),
        name=text(record.get("name"), "学员姓名", limit=100),
        unit=text(record.get("unit"), "学员单位", limit=200),
        created_at=_when(record.get("created_at")),
        daily_new_limit=whole(record.get("daily_new_limit", 20), "每日新卡片数", high=500),
        desired_retention=real(record.get("desired_retention", 0.9), "目标记忆保持率", low=0.7, high=0.99),
    )


def _day(value: Any, what: str) -> dt.date:
    """A local calendar day `YYYY-MM-DD` between EARLIEST_YEAR and LATEST_YEAR."""
    if not isinstance(value, str) or len(value) != 10:
        raise FieldError(what)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise FieldError(what) from error
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise FieldError(what)
    return day


def _exam_goal(record: Any) -> ExamGoalRecord | None:
    if record is None:
        return None
    if not isinstance(record, dict):
        raise FieldError("考试计划")
    goal = ExamGoalRecord(
        exam_date=_day(record.get("exam_date"), "考试日期"),
        target_recall=real(record.get("target_recall"), "考试目标记忆率", low=0.7, high=0.99),
        set_on=_day(record.get("set_on"), "考试计划的设置日期"),
    )
    if goal.set_on > goal.exam_date:
        raise Inconsistent("考试计划的设置日期晚于考试日期")
    return goal


def _card_state(record: dict[str, Any]) -> CardStateRecord:
    step = record.get("step")
    return CardStateRecord(
        card=_item_key(record.get("card")),
        state=whole(record.get("state"), "卡片状态", low=1, high=3),
        step=None if step is None else whole(step, "卡片学习步", high=MAX_STEP),
        stability=_maybe_real(record.get("stability"), "卡片稳定度", high=MAX_STABILITY_DAYS),
        difficulty=_maybe_real(record.get("difficulty"), "卡片难度", high=MAX_DIFFICULTY),
        due=_when(record.get("due")),
        last_review=_maybe_when(record.get("last_review")),
        reps=whole(record.get("reps", 0), "复习次数", high=MAX_COUNT),
        lapses=whole(record.get("lapses", 0), "遗忘次数", high=MAX_COUNT),
        leech=flag(record.get("leech", False), "难记卡片标记"),
        introduced_at=_maybe_when(record.get("introduced_at")),
    )


def _review_log(record: dict[str, Any]) -> ReviewLogRecord:
    return ReviewLogRecord(
        card=_item_key(record.get("card")),
        rating=whole(record.get("rating"), "复习评分", low=1, high=4),
        reviewed_at=_when(record.get("reviewed_at")),
        duration_ms=whole(record.get("duration_ms", 0), "用时", high=MAX_DURATION_MS),
        cram=flag(record.get("cram", False), "提前复习标记"),
    )


def _option_order(value: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    if (not isinstance(value, list) or not all(type(v) is int for v in value)
            or sorted(value) != list(range(len(value)))):
        raise FieldError("选项顺序")
    return tuple(value)


def _attempt_item(record: Any) -> AttemptItemRecord:
    if not isinstance(record, dict):
        raise FieldError("测验题目")
    item = AttemptItemRecord(
        position=whole(record.get("position"), "题目序号", high=MAX_ATTEMPT_ITEMS),
        question=_item_key(record.get("question")),
        option_order=_option_order(record.get("option_order")),
        answer=record.get("answer"),
        answered_at=_maybe_when(record.get("answered_at")),
        duration_ms=whole(record.get("duration_ms", 0), "用时", high=MAX_DURATION_MS),
        score=_maybe_real(record.get("score"), "题目得分", high=1.0),
        correct=_maybe_flag(record.get("correct"), "对错标记"),
        flagged=flag(record.get("flagged", False), "标记"),
    )
    if item.score is not None and item.correct is not None and item.correct != (item.score >= 1.0 - 1e-9):
        raise Inconsistent("有一道题的对错标记与其得分不符")
    return item


def _attempt(record: dict[str, Any]) -> AttemptRecord:
    mode = record.get("mode")
    if mode not in {m.value for m in QuizMode}:
        raise FieldError("测验方式")
    spec = record.get("spec", {})
    if not isinstance(spec, dict):
        raise FieldError("测验设置")
    topics = spec.get("topic_ids", [])
    questions = spec.get("question_ids")
    if not isinstance(topics, list) or not (questions is None or isinstance(questions, list)):
        raise FieldError("测验设置")
    try:
        parsed = quiz_spec_from_json({**spec, "topic_ids": [], "question_ids": None if questions is None else []})
    except ValueError as error:
        raise FieldError("测验设置") from error
    items = record.get("items", [])
    if not isinstance(items, list) or len(items) > MAX_ATTEMPT_ITEMS:
        raise FieldError("测验题目")
    read_items = tuple(_attempt_item(item) for item in items)
    positions = [item.position for item in read_items]
    if len(set(positions)) != len(positions):
        raise FieldError("题目序号")
    attempt = AttemptRecord(
        uid=text(record.get("uid"), "测验标识", limit=36),
        mode=QuizMode(mode),
        spec=parsed,
        topics=tuple(_topic_key(t) for t in topics),
        questions=None if questions is None else tuple(_item_key(q) for q in questions),
        paper_uid=text(record.get("paper_uid"), "试卷编号", limit=36) or None,
        started_at=_when(record.get("started_at")),
        deadline_at=_maybe_when(record.get("deadline_at")),
        submitted_at=_maybe_when(record.get("submitted_at")),
        current_index=whole(record.get("current_index", 0), "测验进度", high=MAX_ATTEMPT_ITEMS),
        score=_maybe_real(record.get("score"), "测验得分", high=float(MAX_ATTEMPT_ITEMS)),
        max_score=_maybe_real(record.get("max_score"), "测验满分", high=float(MAX_ATTEMPT_ITEMS)),
        passed=_maybe_flag(record.get("passed"), "及格标记"),
        items=read_items,
    )
    _check_outcome(attempt)
    return attempt


def _check_outcome(attempt: AttemptRecord) -> None:
    """An attempt's score within its maximum, and a pass mark that agrees with both.

    The app scores each question 0..1, totals them into `score` out of one point per question (`max_score`)
    and marks `passed` when score / max_score reaches the spec's pass mark (see `study.attempts`).
    """
    score, max_score, passed = attempt.score, attempt.max_score, attempt.passed
    if score is not None and max_score is not None and score > max_score + _SCORE_SLACK:
        raise Inconsistent(f"有一次测验的得分（{score:g}）超过满分（{max_score:g}）")
    if passed is not None and score is not None and max_score is not None:
        reached = max_score > 0 and score / max_score >= attempt.spec.pass_mark - 1e-9
        if passed != reached:
            raise Inconsistent(f"有一次测验的及格标记与得分（{score:g}/{max_score:g}）和及格线不符")
    elif passed and (score is None or max_score is None):
        raise Inconsistent("有一次测验没有得分却标为及格")


def _wrong_answer(record: dict[str, Any]) -> WrongAnswerRecord:
    return WrongAnswerRecord(
        question=_item_key(record.get("question")),
        added_at=_when(record.get("added_at")),
        last_wrong_at=_when(record.get("last_wrong_at")),
        wrong_count=whole(record.get("wrong_count", 1), "错题次数", low=1, high=MAX_COUNT),
        correct_streak=whole(record.get("correct_streak", 0), "连续答对次数", high=MAX_COUNT),
        resolved_at=_maybe_when(record.get("resolved_at")),
    )


def replace_spec_ids(spec: QuizSpec, *, topic_ids: tuple[int, ...], question_ids: tuple[int, ...] | None) -> QuizSpec:
    """The spec with this database's topic and question ids."""
    return dataclasses.replace(spec, topic_ids=topic_ids, question_ids=question_ids)
