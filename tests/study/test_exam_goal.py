"""The stored exam goal, today's plan from the database, and the queue that follows it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from study.exam_goal import clear_exam_goal, exam_goal, plan_cards, plan_queue, set_exam_goal, todays_plan
from study.learners import delete_learner
from study.queue import daily_queue
from study.scheduling import review_flashcard
from study.types import Rating
from tests.study.conftest import SmallBank


def test_a_goal_is_stored_moved_and_cleared(factory: sessionmaker[Session], learner_id: int, now: dt.datetime) -> None:
    exam = now.date() + dt.timedelta(days=20)
    with factory() as session, session.begin():
        goal = set_exam_goal(session, learner_id=learner_id, exam_date=exam, target_recall=0.92, now=now)
    assert goal.set_on == now.date() and goal.target_recall == 0.92
    later = now + dt.timedelta(days=3)
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=learner_id, exam_date=exam, target_recall=0.95, now=later)
        assert exam_goal(session, learner_id=learner_id) == goal.__class__(exam, 0.95, now.date())  # same date: same start
        moved = set_exam_goal(session, learner_id=learner_id, exam_date=exam + dt.timedelta(days=5), now=later)
        assert moved.set_on == later.date()
        clear_exam_goal(session, learner_id=learner_id)
        assert exam_goal(session, learner_id=learner_id) is None


@pytest.mark.parametrize(("days", "target", "message"), [(0, 0.9, "今天之后"), (800, 0.9, "两年"), (10, 0.5, "70%")])
def test_a_goal_in_the_past_too_far_or_with_a_bad_target_is_refused(
    factory: sessionmaker[Session], learner_id: int, now: dt.datetime, days: int, target: float, message: str
) -> None:
    with factory() as session, session.begin(), pytest.raises(UserError, match=message):
        set_exam_goal(session, learner_id=learner_id, exam_date=now.date() + dt.timedelta(days=days), target_recall=target, now=now)


def test_the_plan_queue_hands_out_todays_share_and_counts_what_was_done(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=learner_id, exam_date=now.date() + dt.timedelta(days=9), now=now)
        plan = todays_plan(session, learner_id=learner_id, now=now)
        queue = plan_queue(session, learner_id=learner_id, now=now)
    assert plan is not None and plan.days_left == 9 and plan.intro_deadline == now.date() + dt.timedelta(days=2)
    assert [int(v.flashcard_id) for v in queue.new] == list(plan.today_new_ids)
    assert len(queue.new) == 4 and not queue.due  # 12 cards over 3 days
    with factory() as session, session.begin():
        for view in queue.new:
            for _ in range(2):  # through the learning steps
                review_flashcard(session, learner_id=learner_id, flashcard_id=view.flashcard_id, rating=Rating.GOOD,
                                 now=now + dt.timedelta(minutes=15), enable_fuzzing=False)
    with factory() as session, session.begin():
        again = plan_queue(session, learner_id=learner_id, now=now + dt.timedelta(minutes=30))
    assert not again.new and not again.due  # today's share is done
    assert again.new_introduced_today == 4


def test_after_the_exam_date_the_plan_is_the_normal_queue(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=learner_id, exam_date=now.date() + dt.timedelta(days=5), now=now)
    after = now + dt.timedelta(days=6)
    with factory() as session, session.begin():
        assert todays_plan(session, learner_id=learner_id, now=after) is None
        assert plan_queue(session, learner_id=learner_id, now=after) == daily_queue(session, learner_id=learner_id, now=after)


def test_without_a_goal_the_plan_queue_is_the_daily_queue(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        assert todays_plan(session, learner_id=learner_id, now=now) is None
        assert plan_queue(session, learner_id=learner_id, now=now) == daily_queue(session, learner_id=learner_id, now=now)


def test_plan_cards_put_never_studied_cards_of_weak_topics_first(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        review_flashcard(session, learner_id=learner_id, flashcard_id=bank.flashcard_ids[0], rating=Rating.AGAIN, now=now)
        cards = plan_cards(session, learner_id=learner_id, now=now)
    assert cards[0].flashcard_id == bank.flashcard_ids[0] and cards[0].card is not None
    fresh = [c.flashcard_id for c in cards if c.card is None]
    assert sorted(fresh) == sorted(bank.flashcard_ids[1:])
    assert fresh[:2] == list(bank.flashcard_ids[1:3])  # the practised, weak first topic's remaining cards come first


def test_deleting_a_learner_deletes_the_goal(factory: sessionmaker[Session], learner_id: int, now: dt.datetime) -> None:
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=learner_id, exam_date=now.date() + dt.timedelta(days=5), now=now)
    with factory() as session, session.begin():
        delete_learner(session, learner_id)
    with factory() as session, session.begin():
        assert exam_goal(session, learner_id=learner_id) is None


def test_due_today_has_one_definition_the_queue_studied_on_the_learning_page(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    from study.queue import due_count
    from study.stats import dashboard

    with factory() as session, session.begin():
        for card_id in bank.flashcard_ids[:6]:
            for _ in range(2):
                review_flashcard(session, learner_id=learner_id, flashcard_id=card_id, rating=Rating.GOOD,
                                 now=now, enable_fuzzing=False)
    # Without a plan: 首页's count is the normal queue's due cards.
    moments = [now + dt.timedelta(hours=6 * i) for i in range(1, 40)]
    with factory() as session:
        for moment in moments:
            board = dashboard(session, learner_id=learner_id, now=moment)
            queue = daily_queue(session, learner_id=learner_id, now=moment)
            assert not board.planned and board.due_count == len(queue.due)
    # With a plan: 首页's count, the plan's 复习N张 and the 学习 page's queue agree at every moment, also when
    # the plan brings a card forward that the normal schedule would not show yet.
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=learner_id, exam_date=now.date() + dt.timedelta(days=12), now=now)
    differs = 0
    with factory() as session:
        for moment in moments:
            board = dashboard(session, learner_id=learner_id, now=moment)
            plan = todays_plan(session, learner_id=learner_id, now=moment)
            queue = plan_queue(session, learner_id=learner_id, now=moment)
            assert plan is not None and board.planned
            assert board.due_count == len(plan.today_review_ids) == len(queue.due)
            assert board.new_available == len(plan.today_new_ids) == len(queue.new)
            differs += board.due_count != due_count(session, learner_id=learner_id, now=moment)
    assert differs  # the plan's day is not the normal schedule's: the two counts were apart at some moments


def test_a_disabled_card_is_not_counted_due(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    from question_bank.models import FlashcardRow
    from question_bank.vocabulary import ItemStatus
    from study.stats import dashboard

    with factory() as session, session.begin():
        for card_id in bank.flashcard_ids[:2]:
            review_flashcard(session, learner_id=learner_id, flashcard_id=card_id, rating=Rating.AGAIN, now=now)
        card = session.get(FlashcardRow, bank.flashcard_ids[0])
        assert card is not None
        card.status = ItemStatus.DISABLED
    later = now + dt.timedelta(hours=1)
    with factory() as session:
        assert dashboard(session, learner_id=learner_id, now=later).due_count == 1
        assert len(daily_queue(session, learner_id=learner_id, now=later).due) == 1
