"""Start-up benchmark: launch to the home screen with a learner of 100,000 reviews, against a bare-Qt floor.

Both are whole processes, run alternately on this machine, medians of RUNS each:
- startup_s: `XUNXUE_EXIT_WHEN_READY=1 QT_QPA_PLATFORM=offscreen python main.py --data-dir DIR` until it
  exits (the app prints `ready` once the home page has been shown and filled, then quits);
- startup_floor_s: `benchmarks/startup_floor.py`: import PySide6 and SQLAlchemy, open a SQLite engine, show
  an empty QMainWindow and quit the same way;
- startup_ratio: the median over the alternating pairs of app time / floor time (target < 1.5);
- startup_rss_mb: the app process's peak resident memory (from wait4's rusage), median over the runs;
- startup_ready_s / startup_floor_ready_s: launch to the `ready` line, without the process teardown.
The data directory is built once (the app's own migration and built-in bank, the learner created through
the study engine, history bulk-inserted with Core executemany) and cached under /tmp keyed by VERSION;
each run gets a fresh copy so one run's WAL or backups never reach the next.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from figures import ROOT, Figure
from foundation.database import SCHEMA_HEAD

VERSION = "startup-v2"
REVIEWS = 100_000
ATTEMPTS = 500
ITEMS_PER_ATTEMPT = 20
HISTORY_DAYS = 730
RUNS = 11
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
# Keyed by the schema too: a data directory cached by an older checkout would be migrated at every start.
CACHE = Path(tempfile.gettempdir()) / f"xunxue-bench-{VERSION}-{SCHEMA_HEAD}"


def build_data_dir(data_dir: Path) -> None:
    """A data directory as the app leaves it, with one learner of REVIEWS reviews and ATTEMPTS quizzes."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert, select

    from foundation.data_dir import sqlite_url
    from question_bank.builtin import builtin_context
    from question_bank.models import FlashcardRow, QuestionRow
    from study import create_learner, set_active_learner
    from study.models import AttemptItemRow, CardStateRow, QuizAttemptRow, ReviewLogRow
    from study.study_days import mark_study_days

    rng = random.Random(2026)
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: NOW)
    factory = context.session_factory()
    start = NOW - dt.timedelta(days=HISTORY_DAYS)
    with factory() as session, session.begin():
        learner_id = int(create_learner(session, "老学员", unit="第一巡视组", now=start).id)
        set_active_learner(session, learner_id)
        cards = session.execute(select(FlashcardRow.id, FlashcardRow.topic_id)).all()
        questions = session.execute(select(QuestionRow.id, QuestionRow.topic_id)).all()
    span = HISTORY_DAYS * 86_400
    times = sorted(start + dt.timedelta(seconds=rng.randrange(span)) for _ in range(REVIEWS))
    reviews = [
        dict(learner_id=learner_id, flashcard_id=rng.choice(cards).id, rating=rng.choice((1, 2, 3, 3, 3, 4)),
             reviewed_at=when, duration_ms=rng.randint(3_000, 30_000), cram=False)
        for when in times
    ]
    states = [
        dict(learner_id=learner_id, flashcard_id=card.id, topic_id=card.topic_id, state=2, step=None,
             stability=rng.uniform(5, 200), difficulty=rng.uniform(3, 8),
             due=NOW + dt.timedelta(days=rng.uniform(-5, 60)), last_review=NOW - dt.timedelta(days=rng.uniform(0, 30)),
             reps=REVIEWS // len(cards), lapses=rng.randint(0, 5), leech=False)
        for card in cards
    ]
    attempts, items = [], []
    for number in range(1, ATTEMPTS + 1):
        began = start + dt.timedelta(seconds=rng.randrange(span))
        exam = number % 10 == 0
        chosen = rng.sample(questions, ITEMS_PER_ATTEMPT)
        correct = [rng.random() < 0.75 for _ in chosen]
        attempts.append(dict(id=number, learner_id=learner_id, mode="exam" if exam else "practice",
                             spec={"count": ITEMS_PER_ATTEMPT, "mode": "exam" if exam else "practice"},
                             started_at=began, deadline_at=began + dt.timedelta(minutes=30) if exam else None,
                             submitted_at=began + dt.timedelta(minutes=15), current_index=0, score=float(sum(correct)),
                             max_score=float(ITEMS_PER_ATTEMPT), passed=sum(correct) >= 12))
        for position, (question, right) in enumerate(zip(chosen, correct)):
            items.append(dict(attempt_id=number, learner_id=learner_id, position=position, question_id=question.id,
                              topic_id=question.topic_id, option_order=None, answer=None,
                              answered_at=began + dt.timedelta(seconds=40 * (position + 1)), duration_ms=40_000,
                              score=1.0 if right else 0.0, correct=right, flagged=False))
    with factory() as session, session.begin():
        connection = session.connection()
        connection.execute(insert(ReviewLogRow), reviews)
        connection.execute(insert(CardStateRow), states)
        connection.execute(insert(QuizAttemptRow), attempts)
        connection.execute(insert(AttemptItemRow), items)
        mark_study_days(session, learner_id=learner_id, moments=[*times, *(item["answered_at"] for item in items)])
    context.dispose()


def cached_data_dir() -> Path:
    """The built data directory, building it on first use."""
    marker = CACHE / "complete"
    if not marker.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        build_data_dir(CACHE / "data")
        marker.write_text(VERSION, encoding="utf-8")
    return CACHE / "data"


def run_once(args: list[str], *, env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds to `ready`, seconds to exit, and peak RSS (MB) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    ready_line = process.stdout.readline()
    ready = time.perf_counter() - started
    peak_mb = _peak_rss_mb(process.pid)  # read now: the child's own address space, not what it inherited
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    if process.returncode != 0 or ready_line.strip() != b"ready":
        raise RuntimeError(f"{' '.join(args)} exited {process.returncode} without 'ready':\n{stderr[-2000:]}")
    # ru_maxrss keeps the high-water mark of the address space the child was forked from (this benchmark
    # process, large after the bank and study groups), so it is only the fallback.
    return ready, elapsed, peak_mb if peak_mb is not None else usage.ru_maxrss / 1024


def _peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a running process from /proc, in MB (None where /proc is missing or the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def measure() -> Iterator[Figure]:
    """Alternate app and floor runs on fresh copies of the cached data directory."""
    source = cached_data_dir()
    env = dict(os.environ, XUNXUE_EXIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen")
    env.pop("XUNXUE_DATA_DIR", None)
    app_runs: list[tuple[float, float, float]] = []
    floor_runs: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="xunxue-startup-") as scratch:
        for run in range(RUNS + 1):  # the first pair warms the disk cache and is not counted
            data_dir = Path(scratch) / f"run{run}"
            shutil.copytree(source, data_dir)
            app = run_once(["main.py", "--data-dir", str(data_dir)], env=env)
            floor = run_once([str(ROOT / "benchmarks" / "startup_floor.py"), str(Path(scratch) / "floor")], env=env)
            shutil.rmtree(data_dir)
            if run:
                app_runs.append(app)
                floor_runs.append(floor)

    def median(runs: list[tuple[float, float, float]], index: int) -> float:
        return statistics.median(run[index] for run in runs)

    # The ratio is the median of each alternating pair's ratio: a pair shares the machine's load of the moment.
    ratio = statistics.median(app[1] / floor[1] for app, floor in zip(app_runs, floor_runs))
    yield Figure("startup_s", median(app_runs, 1), "s", "")
    yield Figure("startup_floor_s", median(floor_runs, 1), "s", "")
    yield Figure("startup_ratio", ratio, "x", "< 1.5")
    yield Figure("startup_rss_mb", median(app_runs, 2), "MB", "")
    # Launch to `ready` only (without the process's teardown), for finding where the time goes.
    yield Figure("startup_ready_s", median(app_runs, 0), "s", "")
    yield Figure("startup_floor_ready_s", median(floor_runs, 0), "s", "")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    for figure in measure():
        print(figure.as_dict())
