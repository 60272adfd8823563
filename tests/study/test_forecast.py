"""The pure readiness model: item probabilities, the exam score and its range, recalibration."""

from __future__ import annotations

import math

import pytest

from study.forecast import (
    AnswerSummary,
    Calibration,
    ForecastPair,
    ItemEvidence,
    PastAnswer,
    calibrate,
    exam_score,
    forecast_score,
    guess_rate,
    item_probability,
    summarize,
)


def test_guess_rates_by_type() -> None:
    assert guess_rate("single", 4) == 0.25
    assert guess_rate("judge", 0) == 0.5
    assert guess_rate("multiple", 4) == pytest.approx(1 / 15)
    assert guess_rate("order", 4) == pytest.approx(1 / 24)
    assert guess_rate("match", 2) == 0.5
    assert guess_rate("blank", 0) == 0.0


def test_an_item_nobody_studied_is_a_guess_and_remembered_cards_raise_it() -> None:
    blank = ItemEvidence(question_id=1, guess=0.25, point_recall=None, topic_recall=None)
    assert item_probability(blank) == pytest.approx(0.25)
    remembered = ItemEvidence(question_id=1, guess=0.25, point_recall=0.9, topic_recall=0.1)
    assert item_probability(remembered) == pytest.approx(0.25 + 0.75 * 0.9 * 0.95)
    topic_only = ItemEvidence(question_id=1, guess=0.25, point_recall=None, topic_recall=0.4)
    assert item_probability(topic_only) == pytest.approx(0.25 + 0.75 * 0.4 * 0.95)


def test_answers_on_the_item_weigh_more_than_answers_on_its_topic_and_fade_with_age() -> None:
    def probability(**answers: AnswerSummary) -> float:
        return item_probability(ItemEvidence(question_id=1, guess=0.5, point_recall=0.5, topic_recall=0.5, **answers))

    wrong_now = summarize([PastAnswer(age_days=0, score=0.0)] * 3)
    assert wrong_now == AnswerSummary(weight=3.0, points=0.0)
    on_item, on_point, on_topic = (probability(**{kind: wrong_now}) for kind in ("item_answers", "point_answers", "topic_answers"))
    assert on_item < on_point < on_topic < probability()
    fortnight = summarize([PastAnswer(age_days=14, score=1.0)] * 2)
    assert fortnight == AnswerSummary(weight=1.0, points=1.0)
    assert on_item < probability(item_answers=summarize([PastAnswer(age_days=60, score=0.0)] * 3)) < probability()
    assert AnswerSummary(2.0, 1.0) - AnswerSummary(3.0, 0.5) == AnswerSummary(0.0, 0.5)  # never below nothing


def test_the_exam_score_averages_the_pool_and_its_spread_follows_the_draw() -> None:
    mean, sd = exam_score([0.8] * 100, count=20)
    assert mean == pytest.approx(80) and sd == pytest.approx(100 * math.sqrt(0.16 / 20))
    mixed, mixed_sd = exam_score([0.6, 1.0] * 50, count=20)
    assert mixed == pytest.approx(80) and mixed_sd > 0
    whole, whole_sd = exam_score([0.6, 1.0] * 10, count=20)  # the whole pool: no spread from the draw of items
    assert whole_sd == pytest.approx(100 * math.sqrt((0.24 / 2) / 20))
    assert exam_score([], count=20) == (0.0, 0.0)


def test_the_range_holds_the_prediction_and_widens_with_the_model_spread() -> None:
    narrow = forecast_score([0.7] * 200, count=50, calibration=Calibration(model_sd=0.0))
    wide = forecast_score([0.7] * 200, count=50, calibration=Calibration(model_sd=10.0))
    assert narrow.percent == pytest.approx(70) and narrow.low < narrow.percent < narrow.high
    assert wide.high - wide.low > narrow.high - narrow.low
    assert wide.below_probability(60) < 0.5 < wide.below_probability(80)
    shifted = forecast_score([0.7] * 200, count=50, calibration=Calibration(offset=5.0))
    assert shifted.percent == pytest.approx(75) and shifted.raw_percent == pytest.approx(70)


def test_recalibration_shrinks_a_learners_bias_toward_everyones_and_grows_with_evidence() -> None:
    assert calibrate([], learner_id=1) == Calibration()
    others = [ForecastPair(learner_id=2, raw_percent=70, actual_percent=70, items=50) for _ in range(10)]
    one = calibrate(others + [ForecastPair(1, 60, 75, 50)], learner_id=1)
    many = calibrate(others + [ForecastPair(1, 60, 75, 50)] * 10, learner_id=1)
    assert 0 < one.offset < many.offset < 15
    assert calibrate(others, learner_id=2).offset == pytest.approx(0)
    noisy = calibrate([ForecastPair(1, 60, 60 + (25 if i % 2 else -25), 50) for i in range(20)], learner_id=1)
    assert noisy.model_sd > Calibration().model_sd
