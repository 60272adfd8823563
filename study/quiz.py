"""Starting a quiz from a spec, and the pure `QuizSession` the quiz page renders (a humble view)."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import QuestionId, QuestionType, TopicId
from question_bank.models import QuestionRow
from question_bank.selection import draw_unrelated
from question_bank.vocabulary import USABLE_STATUSES
from study.answers import display_options, right_items, shuffle_order, to_display
from study.models import AttemptItemRow, QuizAttemptRow, WrongAnswerRow
from study.types import AttemptId, QuizMode, QuizQuestionView, QuizSpec

TYPE_ORDER = tuple(QuestionType)
MAX_QUESTIONS = 500


def _candidates(session: Session, *, learner_id: int, spec: QuizSpec) -> list[QuestionRow]:
    if spec.question_ids is not None:
        wanted = list(dict.fromkeys(int(q) for q in spec.question_ids))
        rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(wanted)))}
        missing = [q for q in wanted if q not in rows]
        if missing:
            raise UserError(f"题库中找不到第{missing[0]}号题目（可能已被删除）。")
        return [rows[q] for q in wanted]
    query = select(QuestionRow).where(QuestionRow.status.in_(USABLE_STATUSES))
    if spec.topic_ids:
        query = query.where(QuestionRow.topic_id.in_(list(spec.topic_ids)))
    if spec.types:
        query = query.where(QuestionRow.type.in_([t.value for t in spec.types]))
    if spec.from_wrong_book:
        open_wrong = select(WrongAnswerRow.question_id).where(
            WrongAnswerRow.learner_id == learner_id, WrongAnswerRow.resolved_at.is_(None)
        )
        query = query.where(QuestionRow.id.in_(open_wrong))
    return list(session.scalars(query.order_by(QuestionRow.id)))


def pick_questions(candidates: Sequence[QuestionRow], spec: QuizSpec, rng: random.Random) -> list[QuestionRow]:
    """Pure choice: a fixed list as given, else up to `count` distinct questions at random, at most one per
    knowledge point and per source sentence (see `draw_unrelated`).

    Timed quizzes and mock exams are grouped by type (单选, 多选, 判断...) like a paper exam.
    """
    if spec.question_ids is not None:
        return list(candidates)
    candidates = distinct_questions(candidates)
    count = max(1, min(spec.count, len(candidates), MAX_QUESTIONS))
    chosen = draw_unrelated(candidates, count, rng)
    if spec.mode is not QuizMode.PRACTICE:
        chosen.sort(key=lambda q: TYPE_ORDER.index(QuestionType(q.type)))
    return chosen


def distinct_questions(candidates: Sequence[QuestionRow]) -> list[QuestionRow]:
    """The first of each set of identical questions (the same type, stem, options and answer).

    A paper file opened on a machine whose bank already holds its questions adds copies of them, and a
    document imported twice adds its questions twice; a quiz should not ask the same question twice.
    """
    seen: set[tuple[str, str, str, str]] = set()
    unique: list[QuestionRow] = []
    for row in candidates:
        identity = (row.type, row.stem, json.dumps(row.options, ensure_ascii=False),
                    json.dumps(row.answer, ensure_ascii=False, sort_keys=True))
        if identity not in seen:
            seen.add(identity)
            unique.append(row)
    return unique


def start_quiz(session: Session, *, learner_id: int, spec: QuizSpec, now: dt.datetime, rng: random.Random) -> AttemptId:
    """Create an attempt: pick the questions (never one twice), shuffle each one's options, store all.

    Raises:
        UserError: no question matches the spec (or the wrong-answer book is empty).
    """
    candidates = _candidates(session, learner_id=learner_id, spec=spec)
    if not candidates:
        raise UserError("错题本是空的，没有可练习的错题。" if spec.from_wrong_book else "没有符合条件的题目，请调整题型或专题。")
    chosen = pick_questions(candidates, spec, rng)
    deadline = now + dt.timedelta(seconds=spec.time_limit_s) if spec.time_limit_s else None
    attempt = QuizAttemptRow(
        uid=str(uuid.uuid4()), learner_id=learner_id, mode=spec.mode, spec=spec.to_json(),
        paper_uid=spec.paper_uid, started_at=now, deadline_at=deadline, current_index=0,
    )
    session.add(attempt)
    session.flush()
    session.add_all(
        AttemptItemRow(
            attempt_id=attempt.id, learner_id=learner_id, position=position, question_id=q.id, topic_id=q.topic_id,
            option_order=shuffle_order(QuestionType(q.type), q.options, q.answer, rng), duration_ms=0, flagged=False,
        )
        for position, q in enumerate(chosen)
    )
    session.flush()
    return AttemptId(attempt.id)


class QuizSession:
    """The quiz flow for one attempt, without Qt: current question, navigation, time, answered/flagged.

    Build it with `load_quiz_session`; persist what the learner does with `answer_question`,
    `set_flag` and `set_current` (one transaction each) and mirror the result here with
    `record_answer` / `record_flag` / `go_to`, or simply reload.
    """

    def __init__(
        self, *, attempt_id: AttemptId, spec: QuizSpec, started_at: dt.datetime, deadline_at: dt.datetime | None,
        submitted_at: dt.datetime | None, items: Sequence[QuizQuestionView], current_index: int = 0,
    ) -> None:
        self.attempt_id = attempt_id
        self.spec = spec
        self.started_at = started_at
        self.deadline_at = deadline_at
        self.submitted_at = submitted_at
        self._items = list(items)
        self._index = max(0, min(current_index, len(self._items) - 1))

    @property
    def mode(self) -> QuizMode:
        return self.spec.mode

    @property
    def shows_feedback(self) -> bool:
        """Practice shows the answer after each question; timed quizzes and exams only when submitted."""
        return self.spec.mode is QuizMode.PRACTICE

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def total(self) -> int:
        return len(self._items)

    @property
    def index(self) -> int:
        return self._index

    @property
    def items(self) -> tuple[QuizQuestionView, ...]:
        return tuple(self._items)

    def current(self) -> QuizQuestionView:
        """The question on screen."""
        return self._items[self._index]

    def go_to(self, index: int) -> QuizQuestionView:
        """Jump to a question (clamped to the attempt)."""
        self._index = max(0, min(index, len(self._items) - 1))
        return self.current()

    def next(self) -> QuizQuestionView:
        return self.go_to(self._index + 1)

    def previous(self) -> QuizQuestionView:
        return self.go_to(self._index - 1)

    def skip(self) -> QuizQuestionView:
        """Move on to the next unanswered question after this one (wrapping), or stay if none."""
        order = list(range(self._index + 1, len(self._items))) + list(range(0, self._index))
        for i in order:
            if not self._items[i].answered:
                return self.go_to(i)
        return self.current()

    @property
    def has_next(self) -> bool:
        return self._index < len(self._items) - 1

    @property
    def has_previous(self) -> bool:
        return self._index > 0

    def record_answer(self, position: int, display_answer: Any) -> None:
        """Mirror an answer that `answer_question` stored."""
        self._items[position] = replace(self._items[position], answer=display_answer, answered=display_answer is not None)

    def record_flag(self, position: int, flagged: bool) -> None:
        """Mirror a flag that `set_flag` stored."""
        self._items[position] = replace(self._items[position], flagged=flagged)

    def answered_positions(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if item.answered]

    def unanswered_positions(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if not item.answered]

    def flagged_positions(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if item.flagged]

    def remaining(self, now: dt.datetime) -> dt.timedelta | None:
        """Time left against the wall clock (never negative); None without a time limit."""
        if self.deadline_at is None:
            return None
        return max(dt.timedelta(0), self.deadline_at - now)

    def is_expired(self, now: dt.datetime) -> bool:
        """Whether the time limit has run out (the caller then submits)."""
        return self.deadline_at is not None and now >= self.deadline_at


def question_view(item: AttemptItemRow, question: QuestionRow) -> QuizQuestionView:
    """One stored attempt item as shown, answer in display terms."""
    qtype = QuestionType(question.type)
    return QuizQuestionView(
        position=item.position, question_id=QuestionId(question.id), topic_id=TopicId(question.topic_id), type=qtype,
        stem=question.stem, options=display_options(qtype, question.options, item.option_order),
        right_items=right_items(qtype, question.answer, item.option_order),
        blank_count=len(question.answer) if qtype is QuestionType.BLANK else 0,
        answer=to_display(qtype, item.answer, item.option_order), answered=item.answered_at is not None,
        flagged=item.flagged,
    )


def load_quiz_session(session: Session, attempt_id: int, now: dt.datetime) -> QuizSession:
    """Rebuild the flow of a stored attempt (after a crash too: every committed answer is there)."""
    del now  # remaining time is asked of the session with the caller's clock
    attempt = session.get(QuizAttemptRow, attempt_id)
    if attempt is None:
        raise UserError(f"找不到编号为{attempt_id}的测验。")
    rows = session.execute(
        select(AttemptItemRow, QuestionRow)
        .join(QuestionRow, QuestionRow.id == AttemptItemRow.question_id)
        .where(AttemptItemRow.attempt_id == attempt_id)
        .order_by(AttemptItemRow.position)
    ).all()
    return QuizSession(
        attempt_id=AttemptId(attempt.id), spec=QuizSpec.from_json(attempt.spec), started_at=attempt.started_at,
        deadline_at=attempt.deadline_at, submitted_at=attempt.submitted_at,
        items=[question_view(item, question) for item, question in rows], current_index=attempt.current_index,
    )
