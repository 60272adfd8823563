"""Readiness forecast and exam plan on simulated learners whose true recall is known (FSRS-driven, with answer noise).

Each simulated learner studies a bank (12 topics x 4 knowledge points; 2 flashcards and 3 questions per
point) for 20 days toward an exam, doing each day what `build_plan` hands out (skipping days at their own
rate), answering each card from their TRUE memory: FSRS with the default parameters but their own stability
multiplier (0.6-1.5), so the app's model is not the truth. Items are answered from the truth too: the fact is
known with probability 1 - (1 - prior knowledge) * (1 - mean true recall of the point's cards), a known fact
is still missed at the learner's slip rate, an unknown one is guessed. Learners take a 10-question practice
quiz on some days and a 20-question mock exam on days 7, 14 and 20; the forecast (calibrated from the
pairs stored so far, all learners before) is made just before each mock exam.

Figures:
- forecast_mae_points: mean |forecast - simulated mock-exam score| (100-point scale), every mock exam;
- forecast_mae_expected_points: the same against the learner's true expected score (no draw noise);
- forecast_range_coverage: share of simulated scores inside the forecast's 90% range;
- plan_on_track_share: learners following the plan (missing at most 10% of days) whose predicted recall
  (mean FSRS retrievability at the exam) reaches the target;
- plan_true_recall_share: the same with their TRUE recall at the exam (information; no target);
- plan_cards_at_target_share: among those learners, the mean share of cards whose predicted recall at the
  exam reaches the target on its own (information; a stricter reading of "on track");
- plan_max_load_ratio: the largest planned day over the plan's average day, worst learner on day 0.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import fsrs

from figures import Figure

TOPICS, POINTS_PER_TOPIC, CARDS_PER_POINT, ITEMS_PER_POINT = 12, 4, 2, 3
FOLLOWERS, IRREGULAR = 80, 40
DAYS = 20
TARGET = 0.9
EXAM_DAYS = (7, 14, 20)
EXAM_ITEMS, PRACTICE_ITEMS = 20, 10
START = dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.timezone.utc)  # 12:00 in China
TYPES = (("single", 4), ("judge", 0), ("multiple", 4), ("blank", 0), ("order", 4), ("match", 3))


@dataclass(frozen=True)
class Item:
    question_id: int
    topic: int
    point: int
    type: str
    options: int


@dataclass
class Learner:
    multiplier: float  # true stability / the model's
    prior: float  # chance of knowing a fact without the cards
    slip: float
    miss_rate: float
    cards: dict[int, fsrs.Card | None]
    answers: list[tuple[dt.datetime, int, float]] = field(default_factory=list)  # (when, question id, score)


def _bank() -> tuple[dict[int, tuple[int, int]], list[Item]]:
    cards: dict[int, tuple[int, int]] = {}
    items: list[Item] = []
    for topic in range(TOPICS):
        for point in range(POINTS_PER_TOPIC):
            key = topic * POINTS_PER_TOPIC + point
            for _ in range(CARDS_PER_POINT):
                cards[len(cards) + 1] = (topic, key)
            for k in range(ITEMS_PER_POINT):
                kind, options = TYPES[(key + k) % len(TYPES)]
                items.append(Item(len(items) + 1, topic, key, kind, options))
    return cards, items


def _true_recall(scheduler: fsrs.Scheduler, card: fsrs.Card | None, multiplier: float, when: dt.datetime) -> float:
    if card is None or card.stability is None:
        return 0.0
    truth = fsrs.Card(card_id=card.card_id, state=card.state, step=card.step, stability=card.stability * multiplier,
                      difficulty=card.difficulty, due=card.due, last_review=card.last_review)
    return float(scheduler.get_card_retrievability(truth, when))


def _measure() -> dict[str, float]:
    from study.forecast import (
        AnswerSummary,
        ForecastPair,
        ItemEvidence,
        PastAnswer,
        calibrate,
        forecast_score,
        guess_rate,
        item_probability,
        summarize,
    )
    from study.plan import PlanCard, build_plan, exam_moment, expected_seen
    from foundation.clock import CHINA_TZ

    rng = random.Random(2026)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card_home, items = _bank()
    cards_of_point: dict[int, list[int]] = defaultdict(list)
    cards_of_topic: dict[int, list[int]] = defaultdict(list)
    for card_id, (topic, point) in card_home.items():
        cards_of_point[point].append(card_id)
        cards_of_topic[topic].append(card_id)
    today = START.astimezone(CHINA_TZ).date()
    exam_date = today + dt.timedelta(days=DAYS)
    pairs: list[ForecastPair] = []
    errors: list[float] = []
    expected_errors: list[float] = []
    covered = 0
    on_track: list[bool] = []
    truly: list[bool] = []
    at_target: list[float] = []
    load_ratio = 0.0

    def know(learner: Learner, item: Item, when: dt.datetime) -> float:
        recall = sum(_true_recall(scheduler, learner.cards[c], learner.multiplier, when) for c in cards_of_point[item.point])
        recall /= len(cards_of_point[item.point])
        known = 1 - (1 - learner.prior) * (1 - recall)
        guess = guess_rate(item.type, item.options)
        return known * (1 - learner.slip) + (1 - known) * guess

    def forecast(learner: Learner, learner_id: int, when: dt.datetime) -> tuple[float, float, float]:
        model = {c: (scheduler.get_card_retrievability(card, when) if card is not None else 0.0)
                 for c, card in learner.cards.items()}
        given: dict[int, list[PastAnswer]] = defaultdict(list)
        for moment, question_id, score in learner.answers:
            given[question_id].append(PastAnswer((when - moment).total_seconds() / 86400, score))
        by_item = {question_id: summarize(answers) for question_id, answers in given.items()}
        by_point: dict[int, AnswerSummary] = defaultdict(AnswerSummary)
        by_topic: dict[int, AnswerSummary] = defaultdict(AnswerSummary)
        for item in items:
            if item.question_id in by_item:
                by_point[item.point] += by_item[item.question_id]
                by_topic[item.topic] += by_item[item.question_id]
        evidence = []
        for item in items:
            own = by_item.get(item.question_id, AnswerSummary())
            on_point = by_point[item.point] - own
            evidence.append(ItemEvidence(
                question_id=item.question_id, guess=guess_rate(item.type, item.options),
                point_recall=sum(model[c] for c in cards_of_point[item.point]) / len(cards_of_point[item.point]),
                topic_recall=sum(model[c] for c in cards_of_topic[item.topic]) / len(cards_of_topic[item.topic]),
                item_answers=own, point_answers=on_point, topic_answers=by_topic[item.topic] - own - on_point))
        result = forecast_score([item_probability(e) for e in evidence], count=EXAM_ITEMS,
                                calibration=calibrate(pairs, learner_id=learner_id))
        return result.percent, result.low, result.high

    def review(learner: Learner, card_id: int, when: dt.datetime) -> None:
        card = learner.cards[card_id] or fsrs.Card(card_id=card_id, due=when)
        recalled = learner.cards[card_id] is not None and rng.random() < _true_recall(scheduler, card, learner.multiplier, when)
        rating = fsrs.Rating.Good if recalled else fsrs.Rating.Again
        if recalled and rng.random() < 0.15:
            rating = rng.choice((fsrs.Rating.Hard, fsrs.Rating.Easy))
        card, _ = scheduler.review_card(card, rating, when)
        while card.state != fsrs.State.Review:  # through the same session's learning steps
            card, _ = scheduler.review_card(card, fsrs.Rating.Good, card.due)
        learner.cards[card_id] = card

    for learner_id in range(FOLLOWERS + IRREGULAR):
        follower = learner_id < FOLLOWERS
        learner = Learner(multiplier=math.exp(rng.uniform(math.log(0.6), math.log(1.5))), prior=rng.uniform(0, 0.3),
                          slip=rng.uniform(0, 0.1), miss_rate=rng.uniform(0, 0.1) if follower else rng.uniform(0.3, 0.7),
                          cards={c: None for c in card_home})
        for day in range(DAYS + 1):
            now = START + dt.timedelta(days=day)
            if day in EXAM_DAYS:
                exam_at = now - dt.timedelta(hours=3)
                predicted, low, high = forecast(learner, learner_id, exam_at)
                drawn = rng.sample(items, EXAM_ITEMS)
                chances = [know(learner, item, exam_at) for item in drawn]
                outcomes = [1.0 if rng.random() < p else 0.0 for p in chances]
                actual = 100 * sum(outcomes) / EXAM_ITEMS
                pool_expected = 100 * sum(know(learner, item, exam_at) for item in items) / len(items)
                errors.append(abs(predicted - actual))
                expected_errors.append(abs(predicted - pool_expected))
                covered += low <= actual <= high
                raw = predicted - calibrate(pairs, learner_id=learner_id).offset
                pairs.append(ForecastPair(learner_id=learner_id, raw_percent=raw, actual_percent=actual, items=EXAM_ITEMS))
                learner.answers.extend((exam_at, item.question_id, o) for item, o in zip(drawn, outcomes))
            if day == DAYS:
                break
            if rng.random() < learner.miss_rate:
                continue
            plan = build_plan(
                cards=[PlanCard(c, card) for c, card in learner.cards.items()], exam_date=exam_date, target_recall=TARGET,
                desired_retention=0.9, now=now,
                expected_seen_by_today=expected_seen(total_cards=len(card_home), set_on=today, exam_date=exam_date,
                                                     today=now.astimezone(CHINA_TZ).date()))
            assert plan is not None
            if day == 0:
                load_ratio = max(load_ratio, max(d.load for d in plan.days) / plan.average_load)
            for card_id in plan.today_review_ids + plan.today_new_ids:
                review(learner, card_id, now)
            if rng.random() < 0.3:
                when = now + dt.timedelta(hours=1)
                for item in rng.sample(items, PRACTICE_ITEMS):
                    learner.answers.append((when, item.question_id, 1.0 if rng.random() < know(learner, item, when) else 0.0))
        if follower:
            exam_at = exam_moment(exam_date)
            seen = [card for card in learner.cards.values() if card is not None]
            model = [scheduler.get_card_retrievability(card, exam_at) for card in seen] + [0.0] * (len(card_home) - len(seen))
            true = [_true_recall(scheduler, card, learner.multiplier, exam_at) for card in learner.cards.values()]
            on_track.append(sum(model) / len(model) >= TARGET)
            at_target.append(sum(1 for r in model if r >= TARGET) / len(model))
            truly.append(sum(true) / len(true) >= TARGET)
    return {
        "forecast_mae_points": sum(errors) / len(errors),
        "forecast_mae_expected_points": sum(expected_errors) / len(expected_errors),
        "forecast_range_coverage": covered / len(errors),
        "plan_on_track_share": sum(on_track) / len(on_track),
        "plan_true_recall_share": sum(truly) / len(truly),
        "plan_cards_at_target_share": sum(at_target) / len(at_target),
        "plan_max_load_ratio": load_ratio,
    }


def measure() -> Iterator[Figure]:
    """The forecast and plan figures on simulated learners."""
    figures = _measure()
    yield Figure("forecast_mae_points", figures["forecast_mae_points"], "points", "< 10")
    yield Figure("forecast_mae_expected_points", figures["forecast_mae_expected_points"], "points", "information")
    yield Figure("forecast_range_coverage", figures["forecast_range_coverage"], "share", "about 0.9")
    yield Figure("plan_on_track_share", figures["plan_on_track_share"], "share", ">= 0.9")
    yield Figure("plan_true_recall_share", figures["plan_true_recall_share"], "share", "information")
    yield Figure("plan_cards_at_target_share", figures["plan_cards_at_target_share"], "share", "information")
    yield Figure("plan_max_load_ratio", figures["plan_max_load_ratio"], "ratio", "<= 2")
