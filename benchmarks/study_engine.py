"""Study engine benchmark: years of history (1M reviews, 1M answers, 200 learners); record, queue, dashboard.

The synthetic database is built with Core executemany and cached under /tmp (keyed by VERSION);
each figure is the median of repeated runs on a copy of it.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from figures import Figure, median_seconds

VERSION = "study-v3"
LEARNERS = 200
TOPICS = 40
QUESTIONS_PER_TOPIC = 30
CARDS_PER_TOPIC = 10
REVIEWS_PER_LEARNER = 5_000
ANSWERS_PER_LEARNER = 5_000
ITEMS_PER_ATTEMPT = 20
HISTORY_DAYS = 365
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
REPEATS = 60


def _build(path: Path) -> None:
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from foundation.database import make_engine, upgrade_to_head
    from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow
    from study.models import (
        AttemptItemRow,
        CardStateRow,
        LearnerRow,
        QuizAttemptRow,
        ReviewLogRow,
    )
    from study.study_days import mark_study_days

    rng = random.Random(2026)
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    upgrade_to_head(engine)
    start = NOW - dt.timedelta(days=HISTORY_DAYS)
    with engine.begin() as c:
        c.execute(insert(DocumentRow), [dict(id=1, title="巡视工作条例答记者问", kind="interview", source_name="", text="", builtin=True, created_at=start)])
        c.execute(insert(TopicRow), [dict(id=t, document_id=1, position=t, title=f"专题{t}", question="", body="", start=0, end=0) for t in range(1, TOPICS + 1)])
        types = ["single", "multiple", "judge", "blank", "order", "match"]
        answers: dict[str, Any] = {"single": 1, "multiple": [0, 2], "judge": True, "blank": [["五", "5"]], "order": [0, 1, 2, 3], "match": ["甲", "乙"]}
        questions: list[dict[str, Any]] = []
        for t in range(1, TOPICS + 1):
            for k in range(QUESTIONS_PER_TOPIC):
                kind = types[k % 6]
                questions.append(dict(id=len(questions) + 1, topic_id=t, key=f"q{k}", type=kind, stem=f"专题{t}第{k}题",
                                      options=None if kind in ("judge", "blank") else (["A", "B"] if kind == "match" else ["A", "B", "C", "D"]),
                                      answer=answers[kind], answer_text="", explanation="", quote="", start=0, end=0,
                                      difficulty=2, status="active", origin="generated", edited=False))
        c.execute(insert(QuestionRow), questions)
        cards = [dict(id=i + 1, topic_id=1 + i // CARDS_PER_TOPIC, key=f"c{i}", front="正面", back="背面", quote="", start=0, end=0,
                      status="active", origin="generated", edited=False) for i in range(TOPICS * CARDS_PER_TOPIC)]
        c.execute(insert(FlashcardRow), cards)
        c.execute(insert(LearnerRow), [dict(id=l, name=f"学员{l}", unit="", uid=f"uid-{l}", created_at=start, daily_new_limit=20, desired_retention=0.9)
                                       for l in range(1, LEARNERS + 1)])
    attempt_id = item_id = 0
    n_cards = len(cards)
    for learner in range(1, LEARNERS + 1):
        seen = rng.sample(range(1, n_cards + 1), int(n_cards * 0.8))  # each learner has met 80% of the cards
        states: list[dict[str, Any]] = []
        logs: list[dict[str, Any]] = []
        for card in seen:
            last = start + dt.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
            stability = rng.uniform(0.5, 120)
            states.append(dict(learner_id=learner, flashcard_id=card, topic_id=1 + (card - 1) // CARDS_PER_TOPIC, state=2, step=None,
                               stability=stability, difficulty=rng.uniform(1, 10), due=last + dt.timedelta(days=stability),
                               last_review=last, reps=rng.randrange(1, 30), lapses=rng.randrange(0, 4), leech=False,
                               introduced_at=start + (last - start) / 3))
        for _ in range(REVIEWS_PER_LEARNER):
            logs.append(dict(learner_id=learner, flashcard_id=rng.choice(seen), rating=rng.randint(1, 4),
                             reviewed_at=start + dt.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400)),
                             duration_ms=rng.randrange(2000, 20000), cram=False))
        attempts: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        for _ in range(ANSWERS_PER_LEARNER // ITEMS_PER_ATTEMPT):
            attempt_id += 1
            began = start + dt.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
            mode = rng.choice(["practice", "timed", "exam"])
            chosen = rng.sample(questions, ITEMS_PER_ATTEMPT)
            score = 0.0
            for position, q in enumerate(chosen):
                item_id += 1
                right = rng.random() < 0.75
                score += right
                items.append(dict(id=item_id, attempt_id=attempt_id, learner_id=learner, position=position, question_id=q["id"],
                                  topic_id=q["topic_id"], option_order=None, answer=q["answer"],
                                  answered_at=began + dt.timedelta(seconds=30 * position), duration_ms=30000,
                                  score=float(right), correct=right, flagged=False))
            attempts.append(dict(id=attempt_id, uid=f"a-{attempt_id}", learner_id=learner, mode=mode, spec={"count": ITEMS_PER_ATTEMPT, "mode": mode},
                                 paper_uid=None, started_at=began, deadline_at=None, submitted_at=began + dt.timedelta(minutes=12),
                                 current_index=0, score=score, max_score=float(ITEMS_PER_ATTEMPT), passed=score >= 12))
        with engine.begin() as c:
            c.execute(insert(CardStateRow), states)
            c.execute(insert(ReviewLogRow), logs)
            c.execute(insert(QuizAttemptRow), attempts)
            c.execute(insert(AttemptItemRow), items)
        with Session(engine) as session, session.begin():
            moments = [log["reviewed_at"] for log in logs] + [item["answered_at"] for item in items]
            mark_study_days(session, learner_id=learner, moments=moments)
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def _database() -> Path:
    """The cached history, keyed by this file's VERSION and the schema's head revision."""
    from foundation.database import head_revision

    cache = Path(tempfile.gettempdir()) / f"xunxue-bench-{VERSION}-{head_revision()}.sqlite3"
    if not cache.exists():
        partial = cache.with_name(cache.name + ".building")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        _build(partial)
        partial.replace(cache)
    return cache


def measure() -> Iterator[Figure]:
    """Build (or reuse) the history, then time recording, the daily queue and the dashboard."""
    from sqlalchemy import func, select

    from foundation.database import make_engine, make_session_factory
    from question_bank.drafts import QuestionType
    from study.attempts import answer_question
    from study.models import AttemptItemRow, ReviewLogRow
    from study.queue import daily_queue
    from study.quiz import start_quiz
    from study.scheduling import review_flashcard
    from study.stats import dashboard
    from study.types import QuizMode, QuizSpec, Rating

    began = time.perf_counter()
    source = _database()
    build_s = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "xunxue.sqlite3"
        shutil.copyfile(source, db)
        engine = make_engine(f"sqlite:///{db.as_posix()}")
        factory = make_session_factory(engine)
        rng = random.Random(1)
        learner = 17
        with factory() as s:
            reviews = s.scalar(select(func.count()).select_from(ReviewLogRow))
            answers = s.scalar(select(func.count()).select_from(AttemptItemRow))
            assert reviews is not None and answers is not None
            rows = reviews + answers
        yield Figure("history_rows", float(rows), "rows", ">= 2000000")
        with factory() as s, s.begin():
            attempt = start_quiz(s, learner_id=learner, spec=QuizSpec(count=REPEATS + 5, mode=QuizMode.EXAM, types=(QuestionType.JUDGE,)), now=NOW, rng=rng)
        clock = iter(range(10**6))
        positions = iter(range(10**6))

        def review() -> None:
            tick = next(clock)
            with factory() as s, s.begin():
                review_flashcard(s, learner_id=learner, flashcard_id=1 + tick % 300, rating=Rating.GOOD,
                                 now=NOW + dt.timedelta(seconds=tick))

        def answer() -> None:
            with factory() as s, s.begin():
                answer_question(s, attempt_id=attempt, position=next(positions), answer=True, now=NOW)

        def queue() -> None:
            with factory() as s:
                daily_queue(s, learner_id=learner, now=NOW)

        def board() -> None:
            with factory() as s:
                dashboard(s, learner_id=learner, now=NOW)

        for warm in (review, queue, board):
            warm()
        review_ms = median_seconds(review, REPEATS) * 1000
        answer_ms = median_seconds(answer, REPEATS) * 1000
        yield Figure("answer_record_ms", max(review_ms, answer_ms), "ms", "< 2")
        yield Figure("review_record_ms", review_ms, "ms", "< 2")
        yield Figure("quiz_answer_record_ms", answer_ms, "ms", "< 2")
        yield Figure("daily_queue_ms", median_seconds(queue, REPEATS) * 1000, "ms", "< 20")
        yield Figure("dashboard_ms", median_seconds(board, REPEATS) * 1000, "ms", "< 100")
        yield Figure("history_build_s", build_s, "s", "cached after the first run")
        engine.dispose()
