"""The daily queue: due first, the new-card limit across a local day, weak topics' new cards first; cramming."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session, sessionmaker

from study.attempts import answer_question, submit_attempt
from study.learners import update_learner_settings
from study.quiz import load_quiz_session, start_quiz
from study.queue import cram_queue, daily_queue
from study.scheduling import review_flashcard
from study.types import QuizMode, QuizSpec, Rating
from tests.study.conftest import SmallBank


def test_new_cards_respect_the_daily_limit_across_a_local_day(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as s, s.begin():
        update_learner_settings(s, learner_id, daily_new_limit=5)
    introduced: list[int] = []
    # now is 16:00 in China; 15:59 UTC is 23:59 the same local day, 16:00 UTC the next one.
    for at in (now, now + dt.timedelta(hours=2), now + dt.timedelta(hours=7, minutes=59), now + dt.timedelta(hours=8)):
        with factory() as s:
            queue = daily_queue(s, learner_id=learner_id, now=at)
        for card in queue.new[:3]:
            with factory() as s, s.begin():
                review_flashcard(s, learner_id=learner_id, flashcard_id=card.flashcard_id, rating=Rating.EASY, now=at, enable_fuzzing=False)
        introduced.append(len(queue.new[:3]))
        assert queue.new_introduced_today + len(queue.new) <= 5
    assert introduced == [3, 2, 0, 3]  # the limit resets at local midnight (UTC+8)
    assert len(set(bank.flashcard_ids)) == 12


def test_due_cards_come_first_most_overdue_first_then_new(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    first, second = bank.flashcard_ids[0], bank.flashcard_ids[1]
    with factory() as s, s.begin():
        review_flashcard(s, learner_id=learner_id, flashcard_id=second, rating=Rating.GOOD, now=now, enable_fuzzing=False)
        review_flashcard(s, learner_id=learner_id, flashcard_id=first, rating=Rating.GOOD, now=now + dt.timedelta(minutes=1), enable_fuzzing=False)
    with factory() as s:
        early = daily_queue(s, learner_id=learner_id, now=now + dt.timedelta(minutes=5))
        later = daily_queue(s, learner_id=learner_id, now=now + dt.timedelta(hours=1))
    assert early.due == ()
    assert [c.flashcard_id for c in later.due] == [second, first]
    assert not later.due[0].is_new and all(c.is_new for c in later.new)
    assert later.cards[:2] == later.due and len(later.new) == 10  # every unseen card fits the limit
    assert {c.flashcard_id for c in later.new}.isdisjoint({first, second})


def test_weak_topics_new_cards_come_first(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    weak_topic = bank.topic_ids[2]
    strong_topic = bank.topic_ids[0]
    with factory() as s, s.begin():
        update_learner_settings(s, learner_id, daily_new_limit=4)
        strong = start_quiz(s, learner_id=learner_id, spec=QuizSpec(topic_ids=(strong_topic,), count=8, mode=QuizMode.EXAM), now=now, rng=rng)
        weak = start_quiz(s, learner_id=learner_id, spec=QuizSpec(topic_ids=(weak_topic,), count=7, mode=QuizMode.EXAM), now=now, rng=rng)
    from tests.study.test_quiz import correct_display_answer, wrong_display_answer

    for attempt_id, right in ((strong, True), (weak, False)):
        with factory() as s, s.begin():
            for view in load_quiz_session(s, attempt_id, now).items:
                answer = correct_display_answer(s, view)
                answer_question(s, attempt_id=attempt_id, position=view.position, now=now,
                                answer=answer if right else wrong_display_answer(view, answer))
            submit_attempt(s, attempt_id=attempt_id, now=now)
    with factory() as s:
        queue = daily_queue(s, learner_id=learner_id, now=now + dt.timedelta(hours=1))
    topics = [c.topic_id for c in queue.new]
    assert topics[:3] == [weak_topic] * 3  # the weak topic's three cards first
    assert len(topics) == 4 and strong_topic not in topics[:3]


def test_cram_queue_lists_weakest_recall_first_then_unseen_cards(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    topic = bank.topic_ids[1]
    cards = bank.flashcard_ids[3:6]
    with factory() as s, s.begin():
        review_flashcard(s, learner_id=learner_id, flashcard_id=cards[0], rating=Rating.EASY, now=now, enable_fuzzing=False)
        review_flashcard(s, learner_id=learner_id, flashcard_id=cards[1], rating=Rating.HARD, now=now, enable_fuzzing=False)
    with factory() as s:
        crammed = cram_queue(s, learner_id=learner_id, topic_ids=[topic], now=now + dt.timedelta(days=3))
    assert [c.flashcard_id for c in crammed] == [cards[1], cards[0], cards[2]]
    assert [c.is_new for c in crammed] == [False, False, True]
