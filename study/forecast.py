"""Readiness forecast (pure): each item's chance of a correct answer, the mock-exam score with a range, recalibration.

Formulas:
- memory ``m`` of an item = mean FSRS retrievability of the flashcards on its knowledge point (a card
  never studied counts 0); without cards on the point, the topic's cards; without those, 0;
- from memory alone ``p0 = g + (1 - g) * m * (1 - SLIP)``, ``g`` the chance of guessing the item's type;
- with the answer history (each past answer weighted ``0.5 ** (age_days / 14)`` times 1 on the item itself,
  0.5 on other items of the knowledge point, 0.15 on other items of the topic):
  ``p = (PRIOR_WEIGHT * p0 + sum(w * score)) / (PRIOR_WEIGHT + sum(w))``;
- a mock exam draws ``n`` of the ``N`` items of its pool uniformly without replacement, so the expected
  score is ``100 * mean(p)`` and its variance (in points²) is
  ``100² / n * (mean(p * (1 - p)) + var(p) * (N - n) / (N - 1))``;
- recalibration from stored (forecast, real score) pairs: ``score = raw + offset`` with the learner's mean
  residual shrunk toward everyone's (``K = 5`` pseudo-pairs), and a model spread from the residuals beyond
  what the draw explains; the range is ``± 1.645 * sqrt(draw variance + model variance)`` (90%).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SLIP = 0.05  # a learner who remembers the fact still misreads or mis-ticks now and then
HALF_LIFE_DAYS = 14.0
PRIOR_WEIGHT = 2.0
ITEM_WEIGHT, POINT_WEIGHT, TOPIC_WEIGHT = 1.0, 0.5, 0.15
SHRINK_PAIRS = 5.0
PRIOR_MODEL_SD = 6.0  # points, before any stored pair says otherwise
Z90 = 1.645


@dataclass(frozen=True)
class PastAnswer:
    """One earlier answer: how many days before the forecast, and its score (0..1)."""

    age_days: float
    score: float


@dataclass(frozen=True)
class AnswerSummary:
    """Answers folded by recency: total weight ``sum(0.5 ** (age / 14))`` and weighted points."""

    weight: float = 0.0
    points: float = 0.0

    def __add__(self, other: AnswerSummary) -> AnswerSummary:
        return AnswerSummary(self.weight + other.weight, self.points + other.points)

    def __sub__(self, other: AnswerSummary) -> AnswerSummary:
        return AnswerSummary(max(0.0, self.weight - other.weight), max(0.0, self.points - other.points))


def summarize(answers: Iterable[PastAnswer]) -> AnswerSummary:
    """Fold answers by recency (half-life 14 days)."""
    weight = points = 0.0
    for answer in answers:
        w = 0.5 ** (max(0.0, answer.age_days) / HALF_LIFE_DAYS)
        weight += w
        points += w * answer.score
    return AnswerSummary(weight, points)


@dataclass(frozen=True)
class ItemEvidence:
    """What an item's probability is estimated from."""

    question_id: int
    guess: float
    point_recall: float | None  # mean retrievability of the knowledge point's cards; None without such cards
    topic_recall: float | None
    item_answers: AnswerSummary = AnswerSummary()
    point_answers: AnswerSummary = AnswerSummary()  # other items on the same knowledge point
    topic_answers: AnswerSummary = AnswerSummary()  # other items of the topic


@dataclass(frozen=True)
class Calibration:
    """The correction learned from stored forecasts: points added, and the model's own spread (points)."""

    offset: float = 0.0
    model_sd: float = PRIOR_MODEL_SD
    pairs: int = 0


@dataclass(frozen=True)
class ScoreForecast:
    """A predicted mock-exam score (0..100) with a 90% range, before and after recalibration."""

    percent: float
    low: float
    high: float
    raw_percent: float
    draw_sd: float  # points: the spread from which items are drawn and how they fall
    items: int  # questions in the exam
    pool: int  # questions it is drawn from

    def below_probability(self, pass_percent: float) -> float:
        """The chance of scoring below `pass_percent` (normal approximation)."""
        sd = max(1e-6, (self.high - self.low) / (2 * Z90))
        return 0.5 * (1 + math.erf((pass_percent - self.percent) / (sd * math.sqrt(2))))


def guess_rate(question_type: str, option_count: int) -> float:
    """The chance of answering an item right by guessing alone."""
    n = max(1, option_count)
    if question_type == "single":
        return 1 / n
    if question_type == "judge":
        return 0.5
    if question_type == "multiple":
        return 1.0 / ((1 << n) - 1)
    if question_type in ("order", "match"):
        return 1 / math.factorial(min(n, 10))
    return 0.0  # blank


def item_probability(evidence: ItemEvidence) -> float:
    """The chance the learner answers this item right today."""
    memory = evidence.point_recall if evidence.point_recall is not None else evidence.topic_recall
    prior = evidence.guess + (1 - evidence.guess) * (memory or 0.0) * (1 - SLIP)
    weight, points = PRIOR_WEIGHT, PRIOR_WEIGHT * prior
    for answers, kind in ((evidence.item_answers, ITEM_WEIGHT), (evidence.point_answers, POINT_WEIGHT),
                          (evidence.topic_answers, TOPIC_WEIGHT)):
        weight += kind * answers.weight
        points += kind * answers.points
    return min(1.0, max(0.0, points / weight))


def exam_score(probabilities: Sequence[float], *, count: int) -> tuple[float, float]:
    """Expected percent and its draw SD (points) for `count` items drawn without replacement from the pool."""
    pool = len(probabilities)
    if pool == 0:
        return 0.0, 0.0
    n = max(1, min(count, pool))
    mean = sum(probabilities) / pool
    within = sum(p * (1 - p) for p in probabilities) / pool
    between = sum((p - mean) ** 2 for p in probabilities) / pool
    finite = (pool - n) / (pool - 1) if pool > 1 else 0.0
    variance = (within + between * finite) / n
    return 100 * mean, 100 * math.sqrt(max(0.0, variance))


def forecast_score(probabilities: Sequence[float], *, count: int, calibration: Calibration = Calibration()) -> ScoreForecast:
    """The recalibrated forecast with its 90% range."""
    raw, draw_sd = exam_score(probabilities, count=count)
    percent = min(100.0, max(0.0, raw + calibration.offset))
    half = Z90 * math.sqrt(draw_sd**2 + calibration.model_sd**2)
    return ScoreForecast(
        percent=percent, low=max(0.0, percent - half), high=min(100.0, percent + half), raw_percent=raw,
        draw_sd=draw_sd, items=max(1, min(count, len(probabilities))) if probabilities else 0, pool=len(probabilities),
    )


@dataclass(frozen=True)
class ForecastPair:
    """A stored forecast beside the real score: raw forecast, real percent, questions in the exam, whose."""

    learner_id: int
    raw_percent: float
    actual_percent: float
    items: int


def calibrate(pairs: Sequence[ForecastPair], *, learner_id: int) -> Calibration:
    """The offset for one learner (shrunk toward everyone's) and the model spread, from stored pairs."""
    if not pairs:
        return Calibration()
    residuals = [p.actual_percent - p.raw_percent for p in pairs]
    overall = sum(residuals) / (len(pairs) + SHRINK_PAIRS)
    own = [r for p, r in zip(pairs, residuals) if p.learner_id == learner_id]
    offset = (sum(own) + SHRINK_PAIRS * overall) / (len(own) + SHRINK_PAIRS)
    excess = 0.0
    for pair, residual in zip(pairs, residuals):
        p = min(1.0, max(0.0, pair.raw_percent / 100))
        draw_var = 100**2 * p * (1 - p) / max(1, pair.items)
        excess += max(0.0, (residual - overall) ** 2 - draw_var)
    model_sd = math.sqrt((SHRINK_PAIRS * PRIOR_MODEL_SD**2 + excess) / (len(pairs) + SHRINK_PAIRS))
    return Calibration(offset=offset, model_sd=model_sd, pairs=len(pairs))
