"""Re-grading a sitting against the trainer's own key (pure): the score, and what is kept per question."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from study.scoring import score_answer
from trainer.paper_file import Paper
from trainer.result_file import ResultAnswer


@dataclass(frozen=True)
class RegradedItem:
    """One question of a collected sitting as re-graded; stored as JSON with the collected result."""

    key: str
    answer: Any  # the learner's answer in bank terms (shape checked on collection), or None
    answered: bool
    score: float  # 0..1
    duration_ms: int

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {"key": self.key, "answer": self.answer, "answered": self.answered, "score": self.score,
                "duration_ms": self.duration_ms}

    @classmethod
    def from_json(cls, data: Any) -> RegradedItem:
        """Read a stored item; anything unusable counts as unanswered with no score."""
        if not isinstance(data, dict):
            return cls(key="", answer=None, answered=False, score=0.0, duration_ms=0)
        raw_score, duration = data.get("score"), data.get("duration_ms")
        score = float(raw_score) if isinstance(raw_score, int | float) and not isinstance(raw_score, bool) else math.nan
        return cls(
            key=str(data.get("key")),
            answer=data.get("answer"),
            answered=data.get("answered") is True,
            score=min(1.0, max(0.0, score)) if math.isfinite(score) else 0.0,
            duration_ms=duration if type(duration) is int and duration >= 0 else 0,
        )


def regrade(paper: Paper, answers: Sequence[ResultAnswer]) -> tuple[float, tuple[RegradedItem, ...]]:
    """Score every answer of a result file against the paper's key (pure); unknown keys are ignored.

    Returns the score in points and one item per question of the paper, in paper order.
    """
    given = {a.key: a for a in answers}
    items: list[RegradedItem] = []
    total = 0.0
    for question in paper.questions:
        entry = given.get(question.key)
        answer = entry.answer if entry else None
        score = score_answer(question.type, question.answer, answer).score if answer is not None else 0.0
        total += score * question.points
        items.append(RegradedItem(key=question.key, answer=answer, answered=answer is not None, score=score,
                                  duration_ms=entry.duration_ms if entry else 0))
    return total, tuple(items)
