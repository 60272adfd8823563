"""The pure study plan: new cards a week before the exam, even loads, spread catch-up, recall on the day."""

from __future__ import annotations

import datetime as dt
import math
import random

import fsrs
import pytest

from study.plan import PlanCard, StudyPlan, build_plan, expected_seen, intro_window
from foundation.clock import CHINA_TZ

NOW = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.timezone.utc)  # 09:00 in China
TODAY = NOW.astimezone(CHINA_TZ).date()


def _plan(
    cards: dict[int, fsrs.Card | None], now: dt.datetime, exam: dt.date, *, expected_seen_by_today: int = 0,
    reviewed_today: int = 0,
) -> StudyPlan | None:
    return build_plan(
        cards=[PlanCard(fid, card) for fid, card in cards.items()], exam_date=exam, target_recall=0.9,
        desired_retention=0.9, now=now, expected_seen_by_today=expected_seen_by_today, reviewed_today=reviewed_today,
    )


def _study(cards: dict[int, fsrs.Card | None], plan: StudyPlan, now: dt.datetime) -> None:
    """A learner who answers 良好 to every card the plan gives today (through the learning steps)."""
    scheduler = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=False)
    for fid in plan.today_review_ids + plan.today_new_ids:
        card = cards[fid] or fsrs.Card(card_id=fid, due=now)
        card, _ = scheduler.review_card(card, fsrs.Rating.Good, now)
        while card.state != fsrs.State.Review:
            card, _ = scheduler.review_card(card, fsrs.Rating.Good, card.due)
        cards[fid] = card


@pytest.mark.parametrize("count", [12, 60, 300])
def test_a_plan_twenty_days_ahead_introduces_every_card_by_day_13_without_overloaded_days(count: int) -> None:
    exam = TODAY + dt.timedelta(days=20)
    plan = _plan({fid: None for fid in range(1, count + 1)}, NOW, exam)
    assert plan is not None
    assert plan.days_left == 20 and plan.intro_deadline == TODAY + dt.timedelta(days=13)
    assert sum(day.new for day in plan.days[:14]) == count
    assert all(day.new == 0 for day in plan.days[14:])
    news = [day.new for day in plan.days[:14]]
    assert max(news) - min(news) <= math.ceil(count / 14) - math.floor(count / 14) + 1  # spread evenly
    assert max(day.load for day in plan.days) <= 2 * plan.average_load
    assert plan.cards_below_target == 0 and plan.predicted_recall >= 0.9
    assert plan.on_track and plan.catch_up is None


def test_following_the_plan_every_day_reaches_the_target_on_the_exam_date() -> None:
    exam = TODAY + dt.timedelta(days=20)
    cards: dict[int, fsrs.Card | None] = {fid: None for fid in range(1, 41)}
    loads = []
    for day in range(20):
        now = NOW + dt.timedelta(days=day)
        plan = _plan(cards, now, exam, expected_seen_by_today=expected_seen(
            total_cards=40, set_on=TODAY, exam_date=exam, today=now.astimezone(CHINA_TZ).date()))
        assert plan is not None and plan.on_track, day
        loads.append(plan.today_load)
        _study(cards, plan, now)
        if day == 13:
            assert all(card is not None for card in cards.values())  # every card seen a week before
    scheduler = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=False)
    exam_at = dt.datetime.combine(exam, dt.time(9), tzinfo=CHINA_TZ).astimezone(dt.timezone.utc)
    recall = [scheduler.get_card_retrievability(card, exam_at) for card in cards.values() if card is not None]
    assert len(recall) == 40 and min(recall) >= 0.9
    assert max(loads) <= 2 * sum(loads) / len(loads)


def test_missed_days_are_spread_over_the_coming_days_not_dumped_on_one() -> None:
    exam = TODAY + dt.timedelta(days=20)
    cards: dict[int, fsrs.Card | None] = {fid: None for fid in range(1, 101)}
    for day in range(6):  # six days on plan ...
        now = NOW + dt.timedelta(days=day)
        plan = _plan(cards, now, exam)
        assert plan is not None
        _study(cards, plan, now)
    now = NOW + dt.timedelta(days=10)  # ... then four days missed
    today = now.astimezone(CHINA_TZ).date()
    plan = _plan(cards, now, exam, expected_seen_by_today=expected_seen(total_cards=100, set_on=TODAY, exam_date=exam, today=today))
    assert plan is not None and not plan.on_track
    catch_up = plan.catch_up
    assert catch_up is not None and catch_up.overdue_reviews > 0 and catch_up.new_behind > 0
    assert catch_up.days >= 3
    assert plan.days[0].catch_up <= math.ceil(catch_up.overdue_reviews / catch_up.days)
    assert sum(1 for day in plan.days if day.catch_up) == catch_up.days  # every catch-up day takes a share
    assert sum(day.catch_up for day in plan.days) == catch_up.overdue_reviews
    assert max(day.load for day in plan.days) <= 2 * plan.average_load
    assert sum(day.new for day in plan.days) == sum(1 for card in cards.values() if card is None)
    assert plan.cards_below_target == 0


def test_reviews_done_today_count_against_todays_catch_up_share() -> None:
    exam = TODAY + dt.timedelta(days=20)
    cards: dict[int, fsrs.Card | None] = {fid: None for fid in range(1, 61)}
    plan = _plan(cards, NOW, exam)
    assert plan is not None
    _study(cards, plan, NOW)
    later = NOW + dt.timedelta(days=8)
    first = _plan(cards, later, exam)
    assert first is not None and first.catch_up is not None
    share = len(first.today_review_ids)
    again = _plan(dict(list(cards.items())), later, exam, reviewed_today=share)
    assert again is not None
    # after doing today's share, the remaining overdue cards are not handed out again today
    assert again.days[0].catch_up <= first.days[0].catch_up


def test_on_or_after_the_exam_date_there_is_no_plan() -> None:
    assert _plan({1: None}, NOW, TODAY) is None
    assert _plan({1: None}, NOW, TODAY - dt.timedelta(days=3)) is None


def test_the_introduction_window_ends_a_week_before_the_exam() -> None:
    assert [intro_window(days) for days in (0, 1, 2, 6, 7, 8, 10, 20, 60)] == [0, 1, 1, 3, 1, 2, 4, 14, 54]


def test_no_day_is_over_twice_the_average_for_mixed_histories_and_horizons() -> None:
    """Sixty learners with half their cards seen at random moments and exams 2 to 45 days away."""
    rng = random.Random(5)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    for _ in range(60):
        now = NOW + dt.timedelta(hours=rng.randrange(24))
        cards: dict[int, fsrs.Card | None] = {}
        for fid in range(1, rng.choice([30, 60, 120]) + 1):
            if rng.random() < 0.5:
                cards[fid] = None
                continue
            card, _ = scheduler.review_card(fsrs.Card(card_id=fid, due=now), fsrs.Rating.Good,
                                            now - dt.timedelta(days=rng.randint(1, 30)))
            card, _ = scheduler.review_card(card, rng.choice([fsrs.Rating.Good, fsrs.Rating.Again]), card.due)
            while card.state != fsrs.State.Review:
                card, _ = scheduler.review_card(card, fsrs.Rating.Good, card.due)
            cards[fid] = card
        exam = now.astimezone(CHINA_TZ).date() + dt.timedelta(days=rng.randint(2, 45))
        plan = _plan(cards, now, exam)
        assert plan is not None
        assert max(day.load for day in plan.days) <= 2 * plan.average_load
        assert sum(day.new for day in plan.days) == sum(1 for card in cards.values() if card is None)
