"""Sitting a published paper on the server: graded there, idempotent, on the server's clock, queued offline."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from foundation.database import make_engine, make_session_factory

from study.answer_queue import AnswerQueue, SharedExamClient
from study.shared_exam import ExamClock, new_answer, save_answer, start_shared_sitting, submit_shared_sitting
from tests.pg_cluster import free_port
from tests.server.conftest import Login, SharedServer
from tests.server.test_roles import NOW, published_paper
from trainer.live_results import collect_live_results, live_sittings
from trainer.paper_file import Paper
from trainer.report import paper_report

pytestmark = pytest.mark.postgresql


def right_answers(paper: Paper) -> dict[str, object]:
    """What a learner who knows everything answers (a blank's first accepted wording)."""
    return {q.key: [variants[0] for variants in q.answer] if q.type.value == "blank" else q.answer
            for q in paper.questions}


def test_a_sitting_is_graded_on_the_server_and_collected_live_for_the_report(server: SharedServer) -> None:
    paper = published_paper(server)
    alice, bob = server.add_login("张三"), server.add_login("李四", unit="第二巡视组")
    key = right_answers(paper)
    wrong_keys = {q.key for q in paper.questions[:6]}
    for login, wrong in ((alice, set()), (bob, wrong_keys)):
        with server.factory(login)() as session, session.begin():
            sitting = start_shared_sitting(session, paper.uid)
            assert len(sitting.questions) == len(paper.questions)
            clock = ExamClock(sitting.server_now, 0.0)
            for question in sitting.questions:
                given = "错误答案" if question.key in wrong else key[question.key]
                answer = new_answer(sitting.sitting_id, question.key, given, answered_at=clock.now(1.0))
                assert save_answer(session, answer) == "stored"
                assert save_answer(session, answer) == "duplicate"  # a resend changes nothing
            submit_shared_sitting(session, sitting.sitting_id)
    with server.factory()() as session, session.begin():
        lines = live_sittings(session, paper.uid)
        assert [(s.learner_name, s.answered, s.score, s.passed) for s in lines] == [
            ("张三", 30, 30.0, True), ("李四", 30, 24.0, True)]
        assert session.execute(text("SELECT count(*) FROM exam_answers")).scalar() == 60
        assert collect_live_results(session, paper.uid, now=NOW) == 2
        assert collect_live_results(session, paper.uid, now=NOW) == 0  # a refresh adds only what is new
        report = paper_report(session, paper.uid, now=NOW)
    assert [(s.name, s.score, s.score_mismatch) for s in report.sittings] == [("张三", 30.0, False), ("李四", 24.0, False)]


def test_the_exam_clock_is_the_servers(server: SharedServer) -> None:
    paper = published_paper(server, time_limit_s=60)
    alice = server.add_login("张三")
    factory, admin = server.factory(alice), server.factory()
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper.uid)
    assert sitting.deadline_at == sitting.started_at + dt.timedelta(seconds=60)
    clock = ExamClock(sitting.server_now, 100.0)
    queued = new_answer(sitting.sitting_id, "q002", 1, answered_at=clock.now(101.0))  # given in time, sent later
    with factory() as session, session.begin():
        # A client's stamp later than the server's now is cut to the server's now.
        assert save_answer(session, new_answer(sitting.sitting_id, "q001", 0, answered_at=clock.now(10_000.0))) == "stored"
        assert session.execute(text("SELECT answered_at <= now() FROM exam_answers")).scalar()

    def move_deadline(seconds_ago: int) -> None:  # as if the time limit had run out that long ago
        with admin() as session, session.begin():
            session.execute(text("UPDATE exam_sittings SET deadline_at = now() - make_interval(secs => :s)"),
                            {"s": seconds_ago})

    move_deadline(1)
    with factory() as session, session.begin():
        assert save_answer(session, new_answer(sitting.sitting_id, "q003", 0, answered_at=clock.now(10_000.0))) == "closed"
    move_deadline(16 * 60)
    with factory() as session, session.begin():
        assert save_answer(session, queued) == "closed"  # past the grace period even an answer given in time
    move_deadline(1)
    with admin() as session:
        deadline = session.execute(text("SELECT deadline_at FROM exam_sittings")).scalar_one()
    with factory() as session, session.begin():  # within the grace period an answer given in time is taken
        queued_again = new_answer(sitting.sitting_id, "q002", 1, answered_at=deadline - dt.timedelta(seconds=1))
        assert save_answer(session, queued_again) == "stored"


def test_a_dropped_connection_queues_answers_and_sends_them_when_it_returns(server: SharedServer, data_dir: Path) -> None:
    paper = published_paper(server)
    alice = server.add_login("张三")
    factory = server.factory(alice)
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper.uid)
    clock = ExamClock(sitting.server_now, time.monotonic())
    queue = AnswerQueue(data_dir / "unsent-answers.jsonl")
    client = SharedExamClient(factory, queue)
    key = right_answers(paper)
    keys = [q.key for q in sitting.questions]

    def answer_with(exam_client: SharedExamClient, index: int) -> str:
        return exam_client.answer(new_answer(sitting.sitting_id, keys[index], key[keys[index]],
                                             answered_at=clock.now(time.monotonic())))

    def answer(index: int) -> str:
        return answer_with(client, index)

    assert answer(0) == "stored"
    with server.factory()() as session, session.begin():  # the server drops the learner's connection
        session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
                        {"u": alice.name})
    assert answer(1) == "queued"  # the client carries on
    assert client.unsent == 1 and queue.path.exists()
    unreachable = make_session_factory(make_engine(
        f"postgresql+psycopg://{alice.name}:{alice.password}@127.0.0.1:{free_port()}/{server.database}"))
    offline = SharedExamClient(unreachable, queue)  # the same PC while the server is out of reach
    assert answer_with(offline, 2) == "queued"
    assert answer_with(offline, 3) == "queued"
    refused = SharedExamClient(server.factory(Login(alice.name, "not-the-password", None)), queue)
    with pytest.raises(OperationalError, match="authentication"):  # a refused login is reported, not queued
        answer_with(refused, 4)
    assert client.unsent == 3
    assert answer(4) == "stored"  # the connection is back: the queue goes first, then the new answer
    assert client.unsent == 0 and not queue.path.exists()
    assert client.flush() == 0
    with server.factory()() as session:
        stored = session.execute(text("SELECT question_key FROM exam_answers ORDER BY answered_at")).scalars().all()
    assert stored == keys[:5]


def _answer_many(url: str, paper_uid: str, answers: dict[str, object], resend_every: int) -> int:
    """One client process: start the sitting, answer every question (resending some), return the stores."""
    from foundation.database import make_engine, make_session_factory

    engine = make_engine(url)
    factory = make_session_factory(engine)
    stored = 0
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper_uid)
    clock = ExamClock(sitting.server_now, time.monotonic())
    for index, (key, given) in enumerate(answers.items()):
        answer = new_answer(sitting.sitting_id, key, given, answered_at=clock.now(time.monotonic()))
        for _ in range(2 if index % resend_every == 0 else 1):  # a client that retries after a timeout
            with factory() as session, session.begin():
                stored += save_answer(session, answer) == "stored"
    engine.dispose()
    return stored


@pytest.mark.slow
def test_concurrent_clients_store_every_answer_once(server: SharedServer) -> None:
    paper = published_paper(server)
    logins = [server.add_login(f"学员{i}") for i in range(8)]
    key = right_answers(paper)
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(logins)) as pool:
        stored = pool.starmap(_answer_many, [(server.url(login), paper.uid, key, 5) for login in logins])
    assert stored == [len(key)] * len(logins)
    with server.factory()() as session:
        rows = session.execute(text("SELECT count(*), count(DISTINCT client_answer_id), count(DISTINCT "
                                    "(sitting_id, question_key)) FROM exam_answers")).one()
        tallies = session.execute(text("SELECT answered, score FROM exam_sittings")).all()
    assert tuple(rows) == (8 * 30, 8 * 30, 8 * 30)
    assert sorted(tuple(t) for t in tallies) == [(30, 30.0)] * 8


def test_while_the_server_is_out_of_reach_answers_wait_without_trying_the_network_each_time(
    server: SharedServer, data_dir: Path,
) -> None:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from study.answer_queue import single_statements

    paper = published_paper(server)
    alice = server.add_login("张三")
    factory = server.factory(alice)
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper.uid)
    unreachable = make_session_factory(make_engine(
        f"postgresql+psycopg://{alice.name}:{alice.password}@127.0.0.1:{free_port()}/{server.database}"))
    server_now = [0.0]
    tries: list[str] = []
    route = ["down"]

    def transact(work: Callable[[Session], str]) -> str:
        tries.append(route[0])
        return single_statements(unreachable if route[0] == "down" else factory)(work)

    client = SharedExamClient(transact, AnswerQueue(data_dir / "unsent-answers.jsonl"),
                              monotonic=lambda: server_now[0], retry_after_s=5.0)
    keys = [q.key for q in sitting.questions]
    key = right_answers(paper)

    def answer(index: int) -> str:
        return client.answer(new_answer(sitting.sitting_id, keys[index], key[keys[index]],
                                        answered_at=sitting.server_now))

    assert answer(0) == "queued" and tries == ["down"]
    assert answer(1) == "queued" and tries == ["down"] and client.offline  # no second wait on the network
    server_now[0] = 6.0
    assert answer(2) == "queued" and tries == ["down", "down"]  # after the pause it tries again, once
    route[0] = "up"
    assert answer(3) == "queued" and len(tries) == 2  # back, but not tried before the pause has passed
    assert client.flush() == 4 and not client.offline  # the retry timer always tries
    assert answer(4) == "stored" and client.unsent == 0
    with server.factory()() as session:
        stored = session.execute(text("SELECT question_key FROM exam_answers ORDER BY answered_at, received_at"))
        assert sorted(stored.scalars()) == sorted(keys[:5])
