"""Helpers for the paper tests: a learner's machine, and sitting a paper with chosen right and wrong answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.data_dir import sqlite_url
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from study.answers import to_display
from study.attempts import answer_question, submit_attempt
from study.learners import create_learner
from study.models import AttemptItemRow
from trainer.paper_sitting import PAPER_KEY_PREFIX, open_paper_file
from trainer.paper_file import Paper


def learner_machine(folder: Path) -> sessionmaker[Session]:
    """A separate, migrated database: another learner's PC."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(folder))
    upgrade_to_head(engine)
    return make_session_factory(engine)


def wrong_answer(question_type: QuestionType, correct: Any, option_count: int) -> Any:
    """A bank-terms answer that is certainly wrong."""
    if question_type is QuestionType.SINGLE:
        return (correct + 1) % option_count
    if question_type is QuestionType.MULTIPLE:
        return [i for i in range(option_count) if i not in correct][:1] + [correct[0]]
    if question_type is QuestionType.JUDGE:
        return not correct
    if question_type is QuestionType.BLANK:
        return ["错的"] * len(correct)
    if question_type is QuestionType.ORDER:
        return list(reversed(correct))
    return list(reversed(correct))


def sit_paper(
    factory: sessionmaker[Session], paper_path: Path, *, name: str, unit: str, wrong_keys: Collection[str],
    now: dt.datetime, rng: random.Random, skip_keys: Collection[str] = (),
) -> int:
    """Create a learner, open the paper file, answer (right except `wrong_keys`, none for `skip_keys`), submit."""
    with factory() as s, s.begin():
        learner = create_learner(s, name, now=now, unit=unit)
        attempt_id = open_paper_file(s, paper_path, learner_id=learner.id, now=now, rng=rng)
    with factory() as s:
        rows = s.execute(
            select(AttemptItemRow, QuestionRow)
            .join(QuestionRow, QuestionRow.id == AttemptItemRow.question_id)
            .where(AttemptItemRow.attempt_id == attempt_id)
            .order_by(AttemptItemRow.position)
        ).all()
        plan = [(item.position, item.option_order, q.key.removeprefix(PAPER_KEY_PREFIX), QuestionType(q.type), q.answer,
                 len(q.options or ())) for item, q in rows]
    clock = now
    for position, order, key, qtype, correct, size in plan:
        if key in skip_keys:
            continue
        right = [variants[-1] for variants in correct] if qtype is QuestionType.BLANK else correct
        bank_answer = wrong_answer(qtype, correct, size) if key in wrong_keys else right
        clock += dt.timedelta(seconds=20)
        with factory() as s, s.begin():
            result = answer_question(s, attempt_id=attempt_id, position=position,
                                     answer=to_display(qtype, bank_answer, order), now=clock, duration_ms=20_000)
            assert result.recorded
    with factory() as s, s.begin():
        submit_attempt(s, attempt_id=attempt_id, now=clock + dt.timedelta(seconds=30))
    return attempt_id


def paper_keys(paper: Paper) -> list[str]:
    return [q.key for q in paper.questions]
