"""Moving one learner's complete history between machines as JSON, keyed by stable bank keys; imports are idempotent."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from foundation.errors import UserError, os_error_text
from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow
from study.models import (
    AttemptItemRow,
    CardStateRow,
    LearnerRow,
    QuizAttemptRow,
    ReviewLogRow,
    WrongAnswerRow,
)
from study.study_days import mark_study_days
from study.types import QuizMode, QuizSpec, TransferReport

FORMAT = "xunxue-progress"
VERSION = 1
ItemKey = tuple[str, int, str]  # (document title, topic position, item key)
TopicKey = tuple[str, int]


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.timezone.utc).isoformat()


def _when(value: Any, *, optional: bool = False) -> dt.datetime | None:
    if value is None and optional:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError as error:
        raise UserError(f"学习记录文件中的时间“{value}”格式不正确。") from error
    if parsed.tzinfo is None:
        raise UserError(f"学习记录文件中的时间“{value}”缺少时区。")
    return parsed.astimezone(dt.timezone.utc)


def _bad(what: str) -> UserError:
    return UserError(f"学习记录文件中的{what}格式不正确或超出范围，未导入任何记录。")


def _int(value: Any, what: str, *, low: int = 0, high: int | None = None) -> int:
    """A whole number within [low, high] (JSON numbers only: no text, no booleans, no fractions)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value != int(value):
        raise _bad(what)
    number = int(value)
    if number < low or (high is not None and number > high):
        raise _bad(what)
    return number


def _real(value: Any, what: str, *, low: float = 0.0, high: float = math.inf, optional: bool = True) -> float | None:
    """A finite number within [low, high], or None where allowed."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise _bad(what)
    return float(value)


def _flag(value: Any, what: str, *, optional: bool = False) -> bool | None:
    if value is None and optional:
        return None
    if not isinstance(value, bool):
        raise _bad(what)
    return value


def _text(value: Any, what: str, *, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise _bad(what)
    return value


def _option_order(value: Any) -> list[int] | None:
    if value is None:
        return None
    if (not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or sorted(value) != list(range(len(value)))):
        raise _bad("选项顺序")
    return list(value)


def _item_keys(session: Session, row_type: type[QuestionRow] | type[FlashcardRow]) -> dict[int, ItemKey]:
    rows = session.execute(
        select(row_type.id, DocumentRow.title, TopicRow.position, row_type.key)
        .join(TopicRow, TopicRow.id == row_type.topic_id)
        .join(DocumentRow, DocumentRow.id == TopicRow.document_id)
    )
    return {item_id: (title, position, key) for item_id, title, position, key in rows}


def _topic_keys(session: Session) -> dict[int, TopicKey]:
    rows = session.execute(select(TopicRow.id, DocumentRow.title, TopicRow.position).join(DocumentRow, DocumentRow.id == TopicRow.document_id))
    return {topic_id: (title, position) for topic_id, title, position in rows}


def _spec_out(spec: dict[str, Any], topics: dict[int, TopicKey], questions: dict[int, ItemKey]) -> dict[str, Any]:
    out = dict(spec)
    out["topic_ids"] = [list(topics[t]) for t in spec.get("topic_ids", []) if t in topics]
    if spec.get("question_ids") is not None:
        out["question_ids"] = [list(questions[q]) for q in spec["question_ids"] if q in questions]
    return out


def export_progress(session: Session, *, learner_id: int, now: dt.datetime) -> dict[str, Any]:
    """One learner's complete history as a JSON-ready dict."""
    learner = session.get(LearnerRow, learner_id)
    if learner is None:
        raise UserError(f"找不到编号为{learner_id}的学员。")
    cards, questions, topics = _item_keys(session, FlashcardRow), _item_keys(session, QuestionRow), _topic_keys(session)
    states = session.scalars(select(CardStateRow).where(CardStateRow.learner_id == learner_id).order_by(CardStateRow.id))
    logs = session.scalars(select(ReviewLogRow).where(ReviewLogRow.learner_id == learner_id).order_by(ReviewLogRow.id))
    attempts = list(session.scalars(select(QuizAttemptRow).where(QuizAttemptRow.learner_id == learner_id).order_by(QuizAttemptRow.id)))
    items: dict[int, list[AttemptItemRow]] = {}
    for item in session.scalars(select(AttemptItemRow).where(AttemptItemRow.learner_id == learner_id).order_by(AttemptItemRow.position)):
        items.setdefault(item.attempt_id, []).append(item)
    wrong = session.scalars(select(WrongAnswerRow).where(WrongAnswerRow.learner_id == learner_id).order_by(WrongAnswerRow.id))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(now),
        "learner": {
            "uid": learner.uid, "name": learner.name, "unit": learner.unit, "created_at": _iso(learner.created_at),
            "daily_new_limit": learner.daily_new_limit, "desired_retention": learner.desired_retention,
        },
        "card_states": [
            {
                "card": list(cards[s.flashcard_id]), "state": s.state, "step": s.step, "stability": s.stability,
                "difficulty": s.difficulty, "due": _iso(s.due), "last_review": _iso(s.last_review), "reps": s.reps,
                "lapses": s.lapses, "leech": s.leech, "introduced_at": _iso(s.introduced_at),
            }
            for s in states if s.flashcard_id in cards
        ],
        "review_logs": [
            {"card": list(cards[r.flashcard_id]), "rating": r.rating, "reviewed_at": _iso(r.reviewed_at),
             "duration_ms": r.duration_ms, "cram": r.cram}
            for r in logs if r.flashcard_id in cards
        ],
        "attempts": [
            {
                "uid": a.uid or f"local-{learner.uid}-{a.id}", "mode": a.mode, "spec": _spec_out(a.spec, topics, questions),
                "paper_uid": a.paper_uid, "started_at": _iso(a.started_at), "deadline_at": _iso(a.deadline_at),
                "submitted_at": _iso(a.submitted_at), "current_index": a.current_index, "score": a.score,
                "max_score": a.max_score, "passed": a.passed,
                "items": [
                    {"position": i.position, "question": list(questions[i.question_id]), "option_order": i.option_order,
                     "answer": i.answer, "answered_at": _iso(i.answered_at), "duration_ms": i.duration_ms,
                     "score": i.score, "correct": i.correct, "flagged": i.flagged}
                    for i in items.get(a.id, []) if i.question_id in questions
                ],
            }
            for a in attempts
        ],
        "wrong_answers": [
            {"question": list(questions[w.question_id]), "added_at": _iso(w.added_at), "last_wrong_at": _iso(w.last_wrong_at),
             "wrong_count": w.wrong_count, "correct_streak": w.correct_streak, "resolved_at": _iso(w.resolved_at)}
            for w in wrong if w.question_id in questions
        ],
    }


def write_progress_file(data: dict[str, Any], path: Path) -> None:
    """Write an export as UTF-8 JSON (atomically; UserError if the file cannot be written)."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"无法写入文件：{path}（{os_error_text(error)}）") from error


def read_progress_file(path: Path) -> dict[str, Any]:
    """Read and check an export file (UserError with a Chinese message if it is not one)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise UserError(f"找不到文件：{path}") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(f"无法读取学习记录文件（不是有效的JSON）：{path}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError("该文件不是巡学导出的学习记录。")
    if data.get("version") != VERSION:
        raise UserError(f"学习记录文件的版本（{data.get('version')}）与本程序不符。")
    if not isinstance(data.get("learner"), dict) or not data["learner"].get("uid"):
        raise UserError("学习记录文件缺少学员信息。")
    return data


def _records(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    records = data.get(name, [])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UserError(f"学习记录文件中的“{name}”部分格式不正确。")
    return records


def _key(value: Any) -> ItemKey:
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise UserError("学习记录文件中的题目或卡片标识格式不正确。")
    return (str(value[0]), int(value[1]), str(value[2]))


def _reverse(mapping: dict[int, Any]) -> dict[Any, int]:
    return {key: item_id for item_id, key in mapping.items()}


def _mode(value: Any) -> str:
    if value not in {mode.value for mode in QuizMode}:
        raise _bad("测验方式")
    return str(value)


def _spec_in(spec: Any, topics: dict[TopicKey, int], questions: dict[ItemKey, int]) -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise UserError("学习记录文件中的测验设置格式不正确。")
    out = dict(spec)
    out["topic_ids"] = [topics[k] for k in ((str(t[0]), int(t[1])) for t in spec.get("topic_ids", [])) if k in topics]
    if spec.get("question_ids") is not None:
        out["question_ids"] = [questions[k] for k in map(_key, spec["question_ids"]) if k in questions]
    try:
        parsed = QuizSpec.from_json(out)
    except (TypeError, ValueError) as error:
        raise _bad("测验设置") from error
    if parsed.time_limit_s is not None:
        _int(parsed.time_limit_s, "测验时长", low=1)
    _real(parsed.pass_mark, "及格线", high=1.0, optional=False)
    return out


def import_progress(session: Session, data: dict[str, Any], *, now: dt.datetime) -> TransferReport:
    """Merge an export into this database (idempotent: rows already present are skipped).

    Raises UserError on a malformed file; the caller's transaction then rolls everything back.
    """
    del now
    try:
        return _merge(session, data)
    except (KeyError, TypeError, ValueError, AttributeError, SQLAlchemyError) as error:
        raise UserError("学习记录文件内容不完整或格式不正确，未导入任何记录。") from error


def _merge(session: Session, data: dict[str, Any]) -> TransferReport:
    profile = data["learner"]
    learner = session.scalars(select(LearnerRow).where(LearnerRow.uid == str(profile["uid"]))).first()
    created = learner is None
    if learner is None:
        learner = LearnerRow(
            uid=_text(profile["uid"], "学员标识", limit=36), name=_text(profile.get("name"), "学员姓名", limit=100) or "导入的学员",
            unit=_text(profile.get("unit"), "学员单位", limit=200), created_at=_when(profile.get("created_at")),
            daily_new_limit=_int(profile.get("daily_new_limit", 20), "每日新卡片数", high=500),
            desired_retention=_real(profile.get("desired_retention", 0.9), "目标记忆保持率", low=0.7, high=0.99, optional=False),
        )
        session.add(learner)
        session.flush()
    lid = learner.id
    cards, questions = _reverse(_item_keys(session, FlashcardRow)), _reverse(_item_keys(session, QuestionRow))
    topics = _reverse(_topic_keys(session))
    card_topic = dict(session.execute(select(FlashcardRow.id, FlashcardRow.topic_id)).all())
    question_topic = dict(session.execute(select(QuestionRow.id, QuestionRow.topic_id)).all())
    skipped = 0
    added_states = added_logs = added_attempts = added_wrong = 0

    existing_states = {s.flashcard_id: s for s in session.scalars(select(CardStateRow).where(CardStateRow.learner_id == lid))}
    for record in _records(data, "card_states"):
        card_id = cards.get(_key(record.get("card")))
        if card_id is None:
            skipped += 1
            continue
        last_review = _when(record.get("last_review"), optional=True)
        state = existing_states.get(card_id)
        if state is None:
            state = CardStateRow(learner_id=lid, flashcard_id=card_id, topic_id=card_topic[card_id])
            session.add(state)
            existing_states[card_id] = state
            added_states += 1
        elif state.last_review is not None and (last_review is None or last_review <= state.last_review):
            continue  # this machine's state is as new or newer
        state.state = _int(record["state"], "卡片状态", low=1, high=3)
        step = record.get("step")
        state.step = None if step is None else _int(step, "卡片学习步")
        state.stability = _real(record.get("stability"), "卡片稳定度")
        state.difficulty = _real(record.get("difficulty"), "卡片难度")
        state.due = _when(record.get("due"))  # type: ignore[assignment]
        state.last_review = last_review
        state.reps, state.lapses = _int(record.get("reps", 0), "复习次数"), _int(record.get("lapses", 0), "遗忘次数")
        state.leech = bool(_flag(record.get("leech", False), "难记卡片标记"))
        state.introduced_at = _when(record.get("introduced_at"), optional=True) or state.introduced_at

    seen_logs = {
        (card_id, when)
        for card_id, when in session.execute(
            select(ReviewLogRow.flashcard_id, ReviewLogRow.reviewed_at).where(ReviewLogRow.learner_id == lid)
        )
    }
    new_logs = []
    for record in _records(data, "review_logs"):
        card_id = cards.get(_key(record.get("card")))
        if card_id is None:
            skipped += 1
            continue
        when = _when(record.get("reviewed_at"))
        if (card_id, when) in seen_logs:
            continue
        seen_logs.add((card_id, when))  # type: ignore[arg-type]
        new_logs.append(ReviewLogRow(learner_id=lid, flashcard_id=card_id, rating=_int(record["rating"], "复习评分", low=1, high=4),
                                     reviewed_at=when, duration_ms=_int(record.get("duration_ms", 0), "用时"),
                                     cram=bool(_flag(record.get("cram", False), "提前复习标记"))))
    session.add_all(new_logs)
    added_logs = len(new_logs)
    studied_at = [log.reviewed_at for log in new_logs]

    known_attempts = set(session.scalars(select(QuizAttemptRow.uid).where(QuizAttemptRow.uid.is_not(None))))
    for record in _records(data, "attempts"):
        uid = _text(record.get("uid"), "测验标识", limit=36)
        if not uid or uid in known_attempts:
            continue
        known_attempts.add(uid)
        attempt = QuizAttemptRow(
            uid=uid, learner_id=lid, mode=_mode(record["mode"]), spec=_spec_in(record.get("spec", {}), topics, questions),
            paper_uid=_text(record.get("paper_uid"), "试卷编号", limit=36) or None, started_at=_when(record.get("started_at")),
            deadline_at=_when(record.get("deadline_at"), optional=True), submitted_at=_when(record.get("submitted_at"), optional=True),
            current_index=_int(record.get("current_index", 0), "测验进度"), score=_real(record.get("score"), "测验得分"),
            max_score=_real(record.get("max_score"), "测验满分"), passed=_flag(record.get("passed"), "及格标记", optional=True),
        )
        session.add(attempt)
        session.flush()
        items = record.get("items", [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise _bad("测验题目")
        positions = [_int(item.get("position"), "题目序号") for item in items]
        if len(set(positions)) != len(positions):
            raise _bad("题目序号")
        for item in items:
            question_id = questions.get(_key(item.get("question")))
            if question_id is None:
                skipped += 1
                continue
            answered_at = _when(item.get("answered_at"), optional=True)
            if answered_at is not None:
                studied_at.append(answered_at)
            session.add(AttemptItemRow(
                attempt_id=attempt.id, learner_id=lid, position=int(item["position"]), question_id=question_id,
                topic_id=question_topic[question_id], option_order=_option_order(item.get("option_order")),
                answer=item.get("answer"), answered_at=answered_at, duration_ms=_int(item.get("duration_ms", 0), "用时"),
                score=_real(item.get("score"), "题目得分", high=1.0), correct=_flag(item.get("correct"), "对错标记", optional=True),
                flagged=bool(_flag(item.get("flagged", False), "标记")),
            ))
        added_attempts += 1

    existing_wrong = set(session.scalars(select(WrongAnswerRow.question_id).where(WrongAnswerRow.learner_id == lid)))
    for record in _records(data, "wrong_answers"):
        question_id = questions.get(_key(record.get("question")))
        if question_id is None:
            skipped += 1
            continue
        if question_id in existing_wrong:
            continue
        existing_wrong.add(question_id)
        session.add(WrongAnswerRow(
            learner_id=lid, question_id=question_id, added_at=_when(record.get("added_at")),
            last_wrong_at=_when(record.get("last_wrong_at")),
            wrong_count=_int(record.get("wrong_count", 1), "错题次数", low=1),
            correct_streak=_int(record.get("correct_streak", 0), "连续答对次数"), resolved_at=_when(record.get("resolved_at"), optional=True),
        ))
        added_wrong += 1
    mark_study_days(session, learner_id=lid, moments=studied_at)
    session.flush()
    return TransferReport(learner_name=learner.name, learner_created=created, card_states=added_states, review_logs=added_logs,
                          attempts=added_attempts, wrong_answers=added_wrong, skipped_unknown_items=skipped)

