"""A demonstration learner with three weeks of history, made through the real study actions on a simulated clock."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from question_bank.drafts import Question, QuestionType
from study import QuizMode, QuizQuestionView, QuizSpec, Rating

DEMO_LEARNER_NAME = "示例学员"
DEMO_LEARNER_UNIT = "示例单位"
HISTORY_DAYS = 21
_EVENING_UTC = dt.time(12, 0)  # 20:00 in China, when the learner studies
_RATING_WEIGHTS = ((Rating.AGAIN, 10), (Rating.HARD, 15), (Rating.GOOD, 60), (Rating.EASY, 15))
_SKIPPED_DAYS = frozenset({3, 7, 8, 12})  # a life outside study; the last days are an unbroken streak
_EXAM_DAYS = {10: 0.45, 18: 0.85}  # day -> share of the exam answered right: one fail, then a pass, whatever the bank
_TIMED_DAYS = {14}


def build_demo_data(session_factory: sessionmaker[Session], *, now: dt.datetime, rng: random.Random) -> int:
    """Create 示例学员 and three weeks of reviews, practice, two mock exams and one unfinished exam.

    Every step goes through the study engine's actions, one transaction each, as the app would do
    them; the same `now` and seed give the same history (reviews are scheduled without FSRS fuzz,
    which would draw on global randomness). Returns the learner's id.
    """
    from study import create_learner, set_active_learner

    start = now - dt.timedelta(days=HISTORY_DAYS)
    with session_factory() as session, session.begin():
        learner_id = int(create_learner(session, DEMO_LEARNER_NAME, unit=DEMO_LEARNER_UNIT, now=start).id)
        set_active_learner(session, learner_id)
        topic_ids = _topic_ids(session)
    if not topic_ids:
        return learner_id
    weak = set(rng.sample(topic_ids, k=max(1, len(topic_ids) // 4)))
    for day in range(HISTORY_DAYS):
        if day in _SKIPPED_DAYS:
            continue
        clock = dt.datetime.combine((start + dt.timedelta(days=day)).date(), _EVENING_UTC, dt.timezone.utc)
        clock += dt.timedelta(minutes=rng.randint(-40, 40))
        skill = 0.55 + 0.3 * day / HISTORY_DAYS
        before = clock
        clock = _review_cards(session_factory, learner_id=learner_id, clock=clock, rng=rng, limit=rng.randint(15, 30))
        if day % 2 == 0 or clock == before:  # every other day, and on a day with no card due: a practice quiz
            chosen = tuple(sorted(rng.sample(topic_ids, k=min(4, len(topic_ids)))))
            spec = QuizSpec(topic_ids=chosen, count=10, mode=QuizMode.PRACTICE)
            clock = _sit_quiz(session_factory, learner_id=learner_id, spec=spec, clock=clock, rng=rng,
                              skill=skill, weak=weak, exact=True)
        if day in _EXAM_DAYS:
            spec = QuizSpec(count=20, mode=QuizMode.EXAM, time_limit_s=30 * 60, pass_mark=0.6)
            clock = _sit_quiz(session_factory, learner_id=learner_id, spec=spec, clock=clock, rng=rng,
                              skill=_EXAM_DAYS[day], weak=weak, exact=True)
        if day in _TIMED_DAYS:
            spec = QuizSpec(count=10, mode=QuizMode.TIMED, time_limit_s=15 * 60, pass_mark=0.6)
            clock = _sit_quiz(session_factory, learner_id=learner_id, spec=spec, clock=clock, rng=rng,
                              skill=skill, weak=weak, exact=True)
    unfinished = QuizSpec(count=20, mode=QuizMode.EXAM, time_limit_s=60 * 60, pass_mark=0.6)
    _sit_quiz(session_factory, learner_id=learner_id, spec=unfinished, clock=now - dt.timedelta(minutes=25),
              rng=rng, skill=0.8, weak=weak, stop_after=6)
    from study.exam_goal import set_exam_goal

    with session_factory() as session, session.begin():  # the unit's 测试 in twelve days, set a fortnight ago
        set_exam_goal(session, learner_id=learner_id, exam_date=(now + dt.timedelta(days=12)).date(),
                      now=now - dt.timedelta(days=14))
    return learner_id


def _topic_ids(session: Session) -> list[int]:
    """The topics of the built-in material (the first study document)."""
    from question_bank.bank import list_topics

    return [int(topic.id) for topic in list_topics(session)]


def _review_cards(
    session_factory: sessionmaker[Session], *, learner_id: int, clock: dt.datetime, rng: random.Random, limit: int
) -> dt.datetime:
    """Work through part of the day's queue (due cards first, then new ones); returns the clock after."""
    from study import daily_queue, review_flashcard

    with session_factory() as session, session.begin():
        cards = daily_queue(session, learner_id=learner_id, now=clock).cards[:limit]
    ratings, weights = zip(*_RATING_WEIGHTS)
    for card in cards:
        seconds = rng.randint(6, 25)
        clock += dt.timedelta(seconds=seconds)
        rating = rng.choices(ratings, weights)[0]
        with session_factory() as session, session.begin():
            review_flashcard(session, learner_id=learner_id, flashcard_id=card.flashcard_id, rating=Rating(rating),
                             now=clock, duration_ms=seconds * 1000, enable_fuzzing=False)
    return clock


def _sit_quiz(
    session_factory: sessionmaker[Session],
    *,
    learner_id: int,
    spec: QuizSpec,
    clock: dt.datetime,
    rng: random.Random,
    skill: float,
    weak: set[int],
    stop_after: int | None = None,
    exact: bool = False,
) -> dt.datetime:
    """Start a quiz, answer it (right with probability `skill`, less on weak topics), submit it.

    With `exact`, exactly `round(skill * n)` of the n questions are answered right (mostly not the
    weak topics'), so a quiz's score follows the learner's rising skill instead of hanging on the draw. With `stop_after`, only that
    many questions are answered and the attempt is left open.
    """
    from question_bank.bank import get_questions
    from study import answer_question, load_quiz_session, start_quiz, submit_attempt

    clock += dt.timedelta(minutes=2)
    with session_factory() as session, session.begin():
        attempt_id = start_quiz(session, learner_id=learner_id, spec=spec, now=clock, rng=rng)
        views = load_quiz_session(session, attempt_id, clock).items
        questions = {int(q.id): q for q in get_questions(session, [int(v.question_id) for v in views])}
    known: set[int] = set()
    if exact:
        by_strength = sorted(range(len(views)), key=lambda i: (int(views[i].topic_id) in weak, rng.random()))
        known = set(by_strength[: round(skill * len(views))])
    for number, view in enumerate(views[:stop_after]):
        seconds = rng.randint(15, 70)
        clock += dt.timedelta(seconds=seconds)
        if exact:
            knows = number in known
        else:
            knows = rng.random() < (skill - 0.25 if int(view.topic_id) in weak else skill)
        answer = _answer_for(questions[int(view.question_id)], view, right=knows, rng=rng)
        with session_factory() as session, session.begin():
            answer_question(session, attempt_id=attempt_id, position=view.position, answer=answer, now=clock,
                            duration_ms=seconds * 1000)
    if stop_after is None:
        clock += dt.timedelta(seconds=30)
        with session_factory() as session, session.begin():
            submit_attempt(session, attempt_id=attempt_id, now=clock)
    return clock


def _answer_for(question: Question, view: QuizQuestionView, *, right: bool, rng: random.Random) -> Any:
    """The learner's answer in display terms: the correct one, or a plausible wrong one."""
    shown = list(view.options)
    options = list(question.options or ())
    kind = question.type
    if kind is QuestionType.JUDGE:
        return bool(question.answer) if right else not bool(question.answer)
    if kind is QuestionType.BLANK:
        correct = [str(variants[0]) for variants in question.answer]
        return correct if right else ["不清楚" for _ in correct]
    if kind is QuestionType.MATCH:
        pairs = dict(zip(options, question.answer))
        correct = [str(pairs.get(left, "")) for left in shown]
        if right or len(correct) < 2:
            return correct
        return correct[1:] + correct[:1]
    if kind is QuestionType.SINGLE:
        correct_index = shown.index(options[int(question.answer)])
        if right:
            return correct_index
        return rng.choice([i for i in range(len(shown)) if i != correct_index] or [correct_index])
    if kind is QuestionType.MULTIPLE:
        correct_set = sorted(shown.index(options[int(i)]) for i in question.answer)
        return correct_set if right else correct_set[:-1] or [i for i in range(len(shown)) if i not in correct_set][:1]
    sequence = [shown.index(options[int(i)]) for i in question.answer]  # ORDER
    return sequence if right else list(reversed(sequence))
