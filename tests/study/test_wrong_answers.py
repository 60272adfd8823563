"""The wrong-answer book: wrong answers enter, two correct answers in a row later take them out."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session, sessionmaker

from study.attempts import answer_question, submit_attempt
from study.quiz import load_quiz_session, start_quiz
from study.types import QuizMode, QuizSpec
from study.wrong_answers import wrong_book, wrong_book_count
from tests.study.conftest import SmallBank
from tests.study.test_quiz import correct_display_answer, wrong_display_answer


def _sit(factory: sessionmaker[Session], spec: QuizSpec, learner_id: int, now: dt.datetime, rng: random.Random,
         right: dict[int, bool]) -> list[int]:
    """Run one attempt answering each question right or wrong as `right` says (default right)."""
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=spec, now=now, rng=rng)
        views = load_quiz_session(s, attempt_id, now).items
        for view in views:
            answer = correct_display_answer(s, view)
            if not right.get(view.question_id, True):
                answer = wrong_display_answer(view, answer)
            answer_question(s, attempt_id=attempt_id, position=view.position, answer=answer, now=now)
        submit_attempt(s, attempt_id=attempt_id, now=now)
    return [v.question_id for v in views]


def test_wrong_answers_enter_and_leave_after_two_correct_in_a_row(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    q1, q2, q3 = bank.question_ids[0], bank.question_ids[9], bank.question_ids[20]
    fixed = QuizSpec(question_ids=(q1, q2, q3), mode=QuizMode.EXAM)
    day = dt.timedelta(days=1)
    _sit(factory, fixed, learner_id, now, rng, {q1: False, q2: False})
    with factory() as s:
        book = wrong_book(s, learner_id=learner_id)
    assert [(e.question_id, e.wrong_count, e.correct_streak) for e in book] == [(q1, 1, 0), (q2, 1, 0)]
    assert book[0].topic_title == "巡视工作原则" and book[0].correct_answer_text == "B．乙"

    # A quiz from the book holds exactly its open questions.
    asked = _sit(factory, QuizSpec(from_wrong_book=True, count=10), learner_id, now + day, rng, {q2: False})
    assert sorted(asked) == [q1, q2]
    with factory() as s:
        assert [(e.question_id, e.wrong_count, e.correct_streak) for e in wrong_book(s, learner_id=learner_id)] == [(q1, 1, 1), (q2, 2, 0)]
    _sit(factory, fixed, learner_id, now + 2 * day, rng, {})
    with factory() as s:
        assert [(e.question_id, e.correct_streak) for e in wrong_book(s, learner_id=learner_id)] == [(q2, 1)]
    _sit(factory, fixed, learner_id, now + 3 * day, rng, {q2: False})  # a slip resets the streak
    _sit(factory, fixed, learner_id, now + 4 * day, rng, {})
    with factory() as s:
        assert [(e.question_id, e.wrong_count, e.correct_streak) for e in wrong_book(s, learner_id=learner_id)] == [(q2, 3, 1)]
    _sit(factory, fixed, learner_id, now + 5 * day, rng, {})
    with factory() as s:
        assert wrong_book_count(s, learner_id=learner_id) == 0
    _sit(factory, fixed, learner_id, now + 6 * day, rng, {q1: False})  # re-enters when wrong again
    with factory() as s:
        assert [(e.question_id, e.wrong_count) for e in wrong_book(s, learner_id=learner_id, topic_ids=[bank.topic_ids[0]])] == [(q1, 2)]
        assert wrong_book(s, learner_id=learner_id, topic_ids=[bank.topic_ids[3]]) == []


def test_practice_answers_update_the_book_at_once_exam_answers_only_when_submitted(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    q = bank.question_ids[3]
    for mode, expected_before_submit in ((QuizMode.EXAM, 0), (QuizMode.PRACTICE, 1)):
        with factory() as s, s.begin():
            attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=(q,), mode=mode), now=now, rng=rng)
            answer_question(s, attempt_id=attempt_id, position=0, answer=False, now=now)  # the statement is true
        with factory() as s:
            assert wrong_book_count(s, learner_id=learner_id) == expected_before_submit
        with factory() as s, s.begin():
            submit_attempt(s, attempt_id=attempt_id, now=now)
        with factory() as s:
            assert wrong_book(s, learner_id=learner_id)[0].wrong_count == (1 if mode is QuizMode.EXAM else 2)


def test_the_package_export_wrong_book_stays_the_function_after_the_module_is_imported() -> None:
    import study
    import study.wrong_answers

    assert study.wrong_book is study.wrong_answers.wrong_book
    assert callable(study.wrong_book)
