"""Shared-server benchmark: 50 client processes sitting one paper at once, and the trainer's live view at scale.

A throwaway PostgreSQL cluster (fsync on) is started on loopback. Each client process logs in as its own
learner, starts its sitting and, once all are ready, answers 200 questions as the app does (SharedExamClient:
one autocommit statement an answer), resending every tenth (as a client does after a timeout), after a short
random pause (THINK_MS). Latency is one answer as the client sees it. XUNXUE_BENCH_PER_ANSWER=transaction sends
each answer in BEGIN ... COMMIT instead (three round trips, the way before 2026-12-01), to compare in one go.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from figures import Figure, median_seconds
from shared_server_client import RESEND_EVERY, answer_paper

CLIENTS = int(os.environ.get("XUNXUE_BENCH_CLIENTS", "50"))
# Mean pause before each answer. A learner takes seconds per question; 100 ms still offers the server about
# 500 answers a second from 50 clients. XUNXUE_BENCH_THINK_MS=0 answers flat out (the saturation figures).
THINK_MS = float(os.environ.get("XUNXUE_BENCH_THINK_MS", "100"))
PER_ANSWER = os.environ.get("XUNXUE_BENCH_PER_ANSWER", "statement")  # or "transaction"
QUESTIONS = 200
DASHBOARD_LEARNERS = 1_000
DASHBOARD_PAPERS = 5  # 1,000 learners x 5 papers x 200 questions = 1,000,000 answers
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
ROOT = Path(__file__).resolve().parent.parent


def _prepare(cluster: Any) -> tuple[str, Any, list[Any]]:
    """A server database with a 200-question paper published and one login per client."""
    from sqlalchemy import insert, text

    from foundation.database import make_engine, make_session_factory, upgrade_to_head
    from foundation.server import LEARNER_GROUP, apply_server_objects, create_login_role
    from question_bank.models import DocumentRow, QuestionRow, TopicRow
    from study.learners import create_learner
    from trainer.live_results import publish_paper
    from trainer.papers import assemble_fixed_paper

    admin = make_engine(cluster.url().render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE DATABASE unit"))
    admin.dispose()
    engine = make_engine(cluster.url("unit").render_as_string(hide_password=False))
    upgrade_to_head(engine)
    apply_server_objects(engine)
    logins = []
    with make_session_factory(engine)() as session, session.begin():
        document = DocumentRow(title="条例", kind="interview", source_name="bench", text="", builtin=True, created_at=NOW)
        session.add(document)
        session.flush()
        topic = TopicRow(document_id=document.id, position=0, title="巡视", question="", body="", start=0, end=0)
        session.add(topic)
        session.flush()
        session.execute(insert(QuestionRow), [
            dict(topic_id=topic.id, key=f"b{i}", type="single", stem=f"第{i}题", options=["甲", "乙", "丙", "丁"],
                 answer=i % 4, answer_text="", explanation="", quote="", start=0, end=0, difficulty=2,
                 status="active", origin="generated", edited=False)
            for i in range(QUESTIONS)
        ])
        ids = list(session.scalars(text("SELECT id FROM questions ORDER BY id")))
        paper = assemble_fixed_paper(session, title="压力测试卷", question_ids=ids, time_limit_s=3600, pass_mark=0.6,
                                     shuffle=False, now=NOW, rng=random.Random(1))
        publish_paper(session, paper)
        for n in range(CLIENTS):
            learner = create_learner(session, f"学员{n}", now=NOW, unit=f"第{n % 5}组")
            login = f"bench_{n}"
            create_login_role(session.connection(), login, f"pw-{n}", group=LEARNER_GROUP)
            session.execute(text("INSERT INTO server_learners VALUES (:r, :id)"), {"r": login, "id": learner.id})
            logins.append((login, f"pw-{n}"))
    return paper.uid, engine, [(q.key, q.answer) for q in paper.questions] + [tuple(login) for login in logins]


def _load(cluster: Any) -> Iterator[Figure]:
    uid, engine, rest = _prepare(cluster)
    answers, logins = rest[:QUESTIONS], rest[QUESTIONS:]
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    processes = [
        context.Process(target=answer_paper, args=(
            cluster.url("unit", user=login, password=password).render_as_string(hide_password=False), uid,
            [(key, (given + n) % 4 if n % 3 else given) for key, given in answers], ready, go, results,
            THINK_MS / 1000, PER_ANSWER))
        for n, (login, password) in enumerate(logins)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=600)
    start = time.perf_counter()
    go.set()
    latencies = [latency for _ in processes for latency in results.get(timeout=600)]
    elapsed = time.perf_counter() - start
    for process in processes:
        process.join()
    from sqlalchemy import text

    with engine.connect() as connection:
        rows, distinct = connection.execute(text(
            "SELECT count(*), count(DISTINCT (sitting_id, question_key)) FROM exam_answers")).one()
        tallied = connection.execute(text("SELECT sum(answered) FROM exam_sittings")).scalar()
    engine.dispose()
    expected = CLIENTS * QUESTIONS
    ordered = sorted(latencies)
    yield Figure("pg_answers_per_s", len(latencies) / elapsed, "answers/s",
                 f"{CLIENTS} clients x {QUESTIONS}, {THINK_MS:g} ms mean pause, one {PER_ANSWER} an answer")
    yield Figure("pg_answer_p50_ms", 1000 * statistics.median(ordered), "ms", "< 50")
    yield Figure("pg_answer_p99_ms", 1000 * ordered[int(0.99 * (len(ordered) - 1))], "ms", "< 50")
    yield Figure("pg_answers_lost", expected - distinct, "answers", "0")
    yield Figure("pg_answers_duplicated", (rows - distinct) + (int(tallied or 0) - rows), "answers", "0")


def _dashboard(cluster: Any) -> Iterator[Figure]:
    """1,000 learners who each sat 5 papers of 200 questions (1,000,000 answers); a trainer's live view."""
    from sqlalchemy import text

    from foundation.database import make_engine, make_session_factory
    from foundation.server import TRAINER_GROUP, create_login_role
    from trainer.live_results import live_sittings

    engine = make_engine(cluster.url("unit").render_as_string(hide_password=False))
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO learners (name, unit, uid, created_at, daily_new_limit, desired_retention) "
            "SELECT '考生' || n, '第' || (n % 20) || '组', gen_random_uuid()::text, now(), 20, 0.9 "
            "FROM generate_series(1, :n) n"), {"n": DASHBOARD_LEARNERS})
        connection.execute(text(
            "INSERT INTO published_papers (paper_uid, title, time_limit_s, pass_mark, max_score) "
            "SELECT 'dash-' || p, '试卷' || p, 3600, 0.6, 200 FROM generate_series(1, :p) p"), {"p": DASHBOARD_PAPERS})
        connection.execute(text(
            "INSERT INTO paper_questions (paper_uid, question_key, position, type, stem, options, topic, points) "
            "SELECT 'dash-' || p, 'q' || q, q, 'single', '题', '[\"甲\",\"乙\"]', '巡视', 1 "
            "FROM generate_series(1, :p) p, generate_series(1, 200) q"), {"p": DASHBOARD_PAPERS})
        connection.execute(text(
            "INSERT INTO exam_sittings (paper_uid, learner_id, deadline_at, max_score, submitted_at) "
            "SELECT 'dash-' || p, l.id, now() + interval '1 hour', 200, now() "
            "FROM generate_series(1, :p) p, learners l WHERE l.name LIKE '考生%'"), {"p": DASHBOARD_PAPERS})
        connection.execute(text(
            "INSERT INTO exam_answers (sitting_id, question_key, learner_id, answer, client_answer_id, answered_at, score) "
            "SELECT e.id, 'q' || q, e.learner_id, to_jsonb(q % 2), gen_random_uuid(), now(), (q % 2)::float "
            "FROM exam_sittings e, generate_series(1, 200) q WHERE e.paper_uid LIKE 'dash-%'"))
        connection.execute(text(
            "UPDATE exam_sittings e SET answered = a.n, score = a.s, passed = a.s >= 120 "
            "FROM (SELECT sitting_id, count(*) n, sum(score) s FROM exam_answers GROUP BY sitting_id) a "
            "WHERE a.sitting_id = e.id"))
        answers = connection.execute(text("SELECT count(*) FROM exam_answers WHERE sitting_id IN "
                                          "(SELECT id FROM exam_sittings WHERE paper_uid LIKE 'dash-%')")).scalar()
        create_login_role(connection, "bench_trainer", "trainer-pw", group=TRAINER_GROUP)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    trainer = make_engine(cluster.url("unit", user="bench_trainer", password="trainer-pw")
                          .render_as_string(hide_password=False))
    factory = make_session_factory(trainer)

    def view() -> None:
        with factory() as session:
            lines = live_sittings(session, "dash-3")
            assert len(lines) == DASHBOARD_LEARNERS

    view()
    yield Figure("pg_dashboard_ms", 1000 * median_seconds(view, 20), "ms",
                 f"< 200 ({DASHBOARD_LEARNERS} learners, {answers:,} answers)")
    trainer.dispose()


def measure() -> Iterator[Figure]:
    """Start a durable throwaway cluster, run the load and the dashboard, stop it."""
    sys.path[:0] = [str(ROOT)]
    from tests.pg_cluster import find_pg_bin, start_cluster

    bin_dir, reason = find_pg_bin()
    if bin_dir is None:
        print(f"server group skipped: {reason}", file=sys.stderr)
        return
    cluster = start_cluster(bin_dir, durable=True, max_connections=CLIENTS + 20)
    try:
        yield from _load(cluster)
        yield from _dashboard(cluster)
    finally:
        cluster.stop()
