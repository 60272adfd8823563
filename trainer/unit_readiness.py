"""The trainer's readiness report: per unit, the forecast distribution and who is likely to fall below the pass mark."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from study.forecast import ScoreForecast, calibrate
from study.models import LearnerRow
from study.readiness import readiness_forecast, stored_pairs
from study.types import QuizSpec

LIKELY = 0.5  # "likely to fall below": at least an even chance
BANDS = tuple(range(0, 100, 10))  # 0-9, 10-19, ... 90-100


@dataclass(frozen=True)
class LearnerReadiness:
    """One learner's forecast and chance of falling below the pass mark."""

    learner_id: int
    name: str
    forecast: ScoreForecast
    below_probability: float


@dataclass(frozen=True)
class UnitReadiness:
    """One unit: its learners (most at risk first), how their forecasts spread, and who is likely to fail."""

    unit: str
    learners: tuple[LearnerReadiness, ...]
    band_counts: tuple[int, ...]  # learners per 10-point band of predicted score, 0-9 first, 90-100 last
    median_percent: float
    pass_percent: float

    @property
    def at_risk(self) -> tuple[LearnerReadiness, ...]:
        """Learners likely to score below the pass mark."""
        return tuple(r for r in self.learners if r.below_probability >= LIKELY)


def band_counts(percents: Sequence[float]) -> tuple[int, ...]:
    """How many forecasts fall in each 10-point band (100 counts in the top band)."""
    counts = [0] * len(BANDS)
    for percent in percents:
        counts[min(len(BANDS) - 1, max(0, int(percent // 10)))] += 1
    return tuple(counts)


def unit_readiness(
    session: Session, *, spec: QuizSpec, now: dt.datetime, units: Sequence[str] | None = None
) -> tuple[UnitReadiness, ...]:
    """Every unit's readiness for a mock exam with this spec (its pass mark), units by name ("" = no unit)."""
    pairs = stored_pairs(session, before=now)
    by_unit: dict[str, list[LearnerReadiness]] = defaultdict(list)
    query = select(LearnerRow.id, LearnerRow.name, LearnerRow.unit).order_by(LearnerRow.unit, LearnerRow.name)
    if units:
        query = query.where(LearnerRow.unit.in_(list(units)))
    pass_percent = 100 * spec.pass_mark
    for learner_id, name, unit in session.execute(query):
        forecast = readiness_forecast(session, learner_id=learner_id, spec=spec, now=now,
                                      calibration=calibrate(pairs, learner_id=learner_id))
        if forecast is None:
            continue
        by_unit[unit].append(LearnerReadiness(learner_id=learner_id, name=name, forecast=forecast,
                                              below_probability=forecast.below_probability(pass_percent)))
    report = []
    for unit, members in sorted(by_unit.items()):
        members.sort(key=lambda r: (-r.below_probability, r.name))
        percents = [r.forecast.percent for r in members]
        report.append(UnitReadiness(unit=unit, learners=tuple(members), band_counts=band_counts(percents),
                                    median_percent=statistics.median(percents), pass_percent=pass_percent))
    return tuple(report)
