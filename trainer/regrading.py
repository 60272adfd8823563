"""Re-grading a sitting against the trainer's own key (pure): the score and what is stored per question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from study.scoring import score_answer
from trainer.paper_file import Paper
from trainer.result_file import ResultAnswer


def regrade(paper: Paper, answers: Sequence[ResultAnswer]) -> tuple[float, list[dict[str, Any]]]:
    """Score every answer of a result file against the paper's key (pure); unknown keys are ignored.

    Returns the score and one stored item per question: key, answer, answered, score (0..1), duration_ms.
    """
    given = {a.key: a for a in answers}
    items: list[dict[str, Any]] = []
    total = 0.0
    for question in paper.questions:
        entry = given.get(question.key)
        answer = entry.answer if entry else None
        score = score_answer(question.type, question.answer, answer).score if answer is not None else 0.0
        total += score * question.points
        items.append(
            {
                "key": question.key,
                "answer": answer,
                "answered": answer is not None,
                "score": score,
                "duration_ms": entry.duration_ms if entry else 0,
            }
        )
    return total, items
