"""Quizzes and exams as whole trajectories: practice feedback, a timed exam that expires, resume."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from study.attempts import (
    answer_question,
    resume_or_expire,
    set_current,
    set_flag,
    submit_attempt,
    unfinished_attempt,
)
from study.quiz import load_quiz_session, start_quiz
from study.types import QuizMode, QuizQuestionView, QuizSpec
from tests.study.conftest import SmallBank


def correct_display_answer(session: Session, view: QuizQuestionView) -> object:
    """The right answer for a question as the UI would pass it (display terms)."""
    question = session.get(QuestionRow, view.question_id)
    assert question is not None
    options = list(question.options or [])
    if view.type is QuestionType.SINGLE:
        return view.options.index(options[question.answer])
    if view.type is QuestionType.MULTIPLE:
        return sorted(view.options.index(options[i]) for i in question.answer)
    if view.type is QuestionType.ORDER:
        return [view.options.index(options[i]) for i in question.answer]
    if view.type is QuestionType.BLANK:
        return [variants[1] for variants in question.answer]
    return question.answer


def wrong_display_answer(view: QuizQuestionView, right: object) -> object:
    """Some wrong answer of the right shape."""
    if view.type is QuestionType.SINGLE:
        return (int(right) + 1) % len(view.options)  # type: ignore[call-overload]
    if view.type is QuestionType.JUDGE:
        return not right
    if view.type is QuestionType.BLANK:
        return ["错"]
    if view.type is QuestionType.MATCH:
        return list(reversed(right))  # type: ignore[call-overload]
    if view.type is QuestionType.MULTIPLE:
        return [d for d in range(len(view.options)) if d not in right]  # type: ignore[operator]
    return list(reversed(right))  # type: ignore[call-overload]


def test_practice_quiz_gives_feedback_maps_display_answers_and_scores_the_attempt(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    spec = QuizSpec(count=30, mode=QuizMode.PRACTICE)
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=spec, now=now, rng=rng)
    with factory() as s:
        quiz = load_quiz_session(s, attempt_id, now)
    assert quiz.total == 30 and quiz.shows_feedback
    assert len({item.question_id for item in quiz.items}) == 30  # never the same question twice
    shuffled = [i for i in quiz.items if i.type is QuestionType.SINGLE]
    with factory() as s:
        bank_orders = [tuple(s.get(QuestionRow, v.question_id).options or ()) for v in shuffled]  # type: ignore[union-attr]
    assert any(v.options != o for v, o in zip(shuffled, bank_orders))  # options shuffled per attempt
    outcomes = []
    for position, view in enumerate(quiz.items):
        with factory() as s, s.begin():
            right = correct_display_answer(s, view)
            given = right if position % 3 else wrong_display_answer(view, right)
            result = answer_question(s, attempt_id=attempt_id, position=position, answer=given, now=now)
        quiz.record_answer(position, given)
        assert result.recorded and result.correct_answer_text and result.explanation
        outcomes.append(result.correct)
    assert outcomes == [position % 3 != 0 for position in range(30)]
    with factory() as s, s.begin():
        again = answer_question(s, attempt_id=attempt_id, position=1, answer=None, now=now)
        assert not again.recorded and again.correct  # practice answers are final once given
        submitted = submit_attempt(s, attempt_id=attempt_id, now=now + dt.timedelta(minutes=12))
    assert submitted.score == 20 and submitted.max_score == 30 and submitted.passed
    assert submitted.time_used == dt.timedelta(minutes=12) and not submitted.expired
    assert sum(t.questions for t in submitted.topics) == 30 and sum(t.correct for t in submitted.topics) == 20
    first = submitted.items[0]
    assert not first.correct and first.learner_answer_text != first.correct_answer_text and first.quote


def test_timed_exam_expires_with_three_unanswered_and_is_submitted_as_it_stood(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    spec = QuizSpec(count=10, mode=QuizMode.EXAM, time_limit_s=600, pass_mark=0.6)
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=spec, now=now, rng=rng)
    with factory() as s:
        quiz = load_quiz_session(s, attempt_id, now)
    types = [item.type for item in quiz.items]
    assert types == sorted(types, key=list(QuestionType).index)  # an exam is grouped by type
    assert not quiz.shows_feedback
    for minute, view in enumerate(quiz.items[:7]):
        at = now + dt.timedelta(minutes=minute)
        with factory() as s, s.begin():
            result = answer_question(s, attempt_id=attempt_id, position=view.position,
                                     answer=correct_display_answer(s, view), now=at)
        assert result.recorded and result.correct is None  # no feedback in an exam
        quiz.record_answer(view.position, "x")
    with factory() as s, s.begin():
        set_flag(s, attempt_id=attempt_id, position=8, flagged=True)
    assert quiz.remaining(now + dt.timedelta(minutes=7)) == dt.timedelta(minutes=3)
    assert not quiz.is_expired(now + dt.timedelta(minutes=9, seconds=59))
    late = now + dt.timedelta(minutes=10, seconds=30)
    assert quiz.is_expired(late) and quiz.unanswered_positions() == [7, 8, 9]
    with factory() as s, s.begin():
        refused = answer_question(s, attempt_id=attempt_id, position=7, answer=True, now=late)
        assert not refused.recorded
        submitted = submit_attempt(s, attempt_id=attempt_id, now=late + dt.timedelta(hours=1))
    assert submitted.expired and submitted.answered == 7 and submitted.score == 7
    assert submitted.percent == pytest.approx(70.0) and submitted.passed
    assert submitted.time_used == dt.timedelta(minutes=10)  # the limit, not the wall time of submitting
    assert [i.answered for i in submitted.items] == [True] * 7 + [False] * 3
    assert submitted.items[8].flagged and submitted.items[9].learner_answer_text == "未作答"


def test_unfinished_attempts_resume_with_true_time_or_are_submitted_when_overdue(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    with factory() as s, s.begin():
        overdue = start_quiz(s, learner_id=learner_id, spec=QuizSpec(count=5, mode=QuizMode.TIMED, time_limit_s=300), now=now, rng=rng)
    later = now + dt.timedelta(minutes=20)
    with factory() as s, s.begin():
        running = start_quiz(s, learner_id=learner_id, spec=QuizSpec(count=5, mode=QuizMode.EXAM, time_limit_s=1800), now=later, rng=rng)
        set_current(s, attempt_id=running, position=3)
    back = later + dt.timedelta(minutes=5)
    with factory() as s, s.begin():
        assert unfinished_attempt(s, learner_id=learner_id, now=back).attempt_id == running  # type: ignore[union-attr]
        open_ones = resume_or_expire(s, learner_id=learner_id, now=back)
    assert [(u.attempt_id, u.remaining, u.total) for u in open_ones] == [(running, dt.timedelta(minutes=25), 5)]
    with factory() as s:
        closed = load_quiz_session(s, overdue, back)
        assert closed.is_submitted and closed.submitted_at == now + dt.timedelta(minutes=5)
        assert load_quiz_session(s, running, back).index == 3


def test_fixed_question_list_and_filters_and_errors(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    fixed = (bank.question_ids[5], bank.question_ids[0], bank.question_ids[5], bank.question_ids[9])
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=fixed, mode=QuizMode.EXAM), now=now, rng=rng)
        quiz = load_quiz_session(s, attempt_id, now)
        assert [i.question_id for i in quiz.items] == [fixed[0], fixed[1], fixed[3]]
        judge_only = start_quiz(s, learner_id=learner_id, spec=QuizSpec(types=(QuestionType.JUDGE,), topic_ids=bank.topic_ids[:2], count=50), now=now, rng=rng)
        assert {i.type for i in load_quiz_session(s, judge_only, now).items} == {QuestionType.JUDGE}
        assert load_quiz_session(s, judge_only, now).total == 4
        with pytest.raises(UserError, match="错题本是空的"):
            start_quiz(s, learner_id=learner_id, spec=QuizSpec(from_wrong_book=True), now=now, rng=rng)
        with pytest.raises(UserError, match="答案格式不正确"):
            answer_question(s, attempt_id=attempt_id, position=0, answer=99, now=now)  # a blank wants text
        with pytest.raises(UserError, match="没有符合条件的题目"):
            start_quiz(s, learner_id=learner_id, spec=QuizSpec(topic_ids=(10**6,)), now=now, rng=rng)


def test_quiz_session_navigation_skip_and_flags(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(count=4, mode=QuizMode.TIMED, time_limit_s=60), now=now, rng=rng)
        quiz = load_quiz_session(s, attempt_id, now)
    assert (quiz.index, quiz.has_previous, quiz.has_next) == (0, False, True)
    quiz.record_answer(1, "x")
    assert quiz.skip().position == 2
    assert quiz.next().position == 3 and not quiz.has_next
    assert quiz.next().position == 3
    assert quiz.skip().position == 0  # wraps to the first unanswered
    quiz.record_flag(2, True)
    assert quiz.flagged_positions() == [2] and quiz.answered_positions() == [1]
    assert quiz.go_to(-5).position == 0 and quiz.previous().position == 0


@pytest.mark.parametrize("mode", [QuizMode.PRACTICE, QuizMode.EXAM])
def test_a_blank_answer_of_thousands_of_numerals_is_refused_and_the_earlier_answer_kept(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, mode: QuizMode
) -> None:
    from study.models import AttemptItemRow

    blank = bank.questions_by_type["blank"][0]
    with factory() as s, s.begin():
        attempt = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=(blank,), mode=mode), now=now,
                             rng=random.Random(1))
    if mode is QuizMode.EXAM:  # an exam keeps the answer given before
        with factory() as s, s.begin():
            assert answer_question(s, attempt_id=attempt, position=0, answer=["六个月"], now=now).recorded
    for junk in ("三" * 4301, "一" * 5000, "十" * 300, "a" * 201):
        with pytest.raises(UserError, match="^答案格式不正确：每处填空最多200字，而作答有"):
            with factory() as s, s.begin():
                answer_question(s, attempt_id=attempt, position=0, answer=[junk], now=now)
    with factory() as s:
        item = s.query(AttemptItemRow).filter_by(attempt_id=attempt).one()
        assert item.answer == (["六个月"] if mode is QuizMode.EXAM else None)
    with factory() as s, s.begin():  # the question can still be answered
        assert answer_question(s, attempt_id=attempt, position=0, answer=["六" * 200], now=now).recorded
