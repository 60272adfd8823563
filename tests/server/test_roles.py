"""Row-level security and roles on the real server, each proven with the login's own credentials."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from study.learners import list_learners
from study.quiz import start_quiz
from study.types import QuizMode, QuizSpec
from tests.server.conftest import SharedServer
from tests.study.conftest import build_small_bank
from trainer.live_results import publish_paper
from trainer.paper_file import Paper
from trainer.papers import assemble_fixed_paper

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)

pytestmark = pytest.mark.postgresql


def published_paper(server: SharedServer, *, time_limit_s: int | None = 3600) -> Paper:
    """A small bank and a paper of all its questions, published on the server."""
    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
        paper = assemble_fixed_paper(session, title="巡视工作条例测试", question_ids=bank.question_ids,
                                     time_limit_s=time_limit_s, pass_mark=0.6, shuffle=False, now=NOW,
                                     rng=random.Random(7))
        publish_paper(session, paper)
    return paper


def test_a_learner_sees_and_writes_only_their_own_rows(server: SharedServer) -> None:
    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
    alice, bob = server.add_login("张三"), server.add_login("李四")
    assert alice.learner_id is not None and bob.learner_id is not None
    spec = QuizSpec(question_ids=bank.question_ids[:3], count=3, mode=QuizMode.PRACTICE)
    for login in (alice, bob):  # each starts a quiz with their own credentials, through the study engine
        with server.factory(login)() as session, session.begin():
            start_quiz(session, learner_id=login.learner_id or 0, spec=spec, now=NOW, rng=random.Random(1))
    with server.factory(alice)() as session, session.begin():
        assert [learner.name for learner in list_learners(session)] == ["张三"]
        assert set(session.execute(text("SELECT learner_id FROM quiz_attempts")).scalars()) == {alice.learner_id}
        assert set(session.execute(text("SELECT learner_id FROM attempt_items")).scalars()) == {alice.learner_id}
        changed = session.execute(text("UPDATE quiz_attempts SET score = 0 WHERE learner_id = :b"), {"b": bob.learner_id})
        assert changed.rowcount == 0  # type: ignore[attr-defined]
    with pytest.raises(ProgrammingError, match="row-level security"):
        with server.factory(alice)() as session, session.begin():
            session.execute(text("INSERT INTO study_days (learner_id, day) VALUES (:b, '2026-11-27')"),
                            {"b": bob.learner_id})
    with server.factory()() as session:  # the administrator sees both
        assert session.execute(text("SELECT count(DISTINCT learner_id) FROM quiz_attempts")).scalar() == 2


def test_a_learner_cannot_edit_the_bank_nor_read_keys_results_or_the_trainer_password(server: SharedServer) -> None:
    published_paper(server)
    with server.factory()() as session, session.begin():
        session.execute(text("INSERT INTO settings (key, value) VALUES ('trainer/password', '{\"hash\": \"x\"}')"))
    alice = server.add_login("张三")
    refused = [
        "UPDATE questions SET stem = '改' WHERE id = (SELECT min(id) FROM questions)",
        "DELETE FROM documents",
        "INSERT INTO topics (document_id, position, title, question, body, start, \"end\") VALUES (1, 9, 't', '', '', 0, 0)",
        "SELECT * FROM paper_keys",
        "SELECT content FROM papers",
        "SELECT * FROM collected_results",
        "SELECT score FROM exam_answers",
        "SELECT score FROM exam_sittings",
        "INSERT INTO exam_answers (sitting_id, question_key, learner_id, client_answer_id, answered_at, score) "
        "VALUES (1, 'q001', 1, gen_random_uuid(), now(), 1)",
    ]
    for statement in refused:
        with pytest.raises(ProgrammingError, match="permission denied"):
            with server.factory(alice)() as session, session.begin():
                session.execute(text(statement))
    with server.factory(alice)() as session:
        assert session.execute(text("SELECT count(*) FROM questions")).scalar() == 30  # the bank stays readable
        assert session.execute(text("SELECT count(*) FROM paper_questions")).scalar() == 30  # stems, no key
        assert session.execute(text("SELECT count(*) FROM settings WHERE key LIKE 'trainer/%'")).scalar() == 0


def test_a_trainer_reads_every_result_and_edits_the_bank(server: SharedServer) -> None:
    paper = published_paper(server)
    alice, trainer = server.add_login("张三"), server.add_login("王老师", trainer=True)
    with server.factory(alice)() as session, session.begin():
        sitting = session.execute(text("SELECT sitting_id FROM xunxue_start_sitting(:uid)"), {"uid": paper.uid}).scalar()
    with server.factory(trainer)() as session, session.begin():
        session.execute(text("UPDATE questions SET stem = stem || '（修订）' WHERE id = (SELECT min(id) FROM questions)"))
        assert session.execute(text("SELECT count(*) FROM exam_sittings WHERE id = :s"), {"s": sitting}).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM paper_keys")).scalar() == len(paper.questions)
        assert session.execute(text("SELECT count(*) FROM learners")).scalar() == 1


def test_only_learners_of_the_server_may_sit_papers(server: SharedServer) -> None:
    paper = published_paper(server)
    trainer = server.add_login("王老师", trainer=True)
    with pytest.raises(DBAPIError, match="not a learner"):
        with server.factory(trainer)() as session, session.begin():
            session.execute(text("SELECT * FROM xunxue_start_sitting(:uid)"), {"uid": paper.uid})


def test_a_learners_day_runs_through_the_study_engine_with_their_own_login(server: SharedServer) -> None:
    """Review cards, practise, hand in, read the dashboard: all as the learner, under row-level security."""
    from study.attempts import answer_question, submit_attempt
    from study.learners import active_learner
    from study.scheduling import review_flashcard
    from study.stats import dashboard
    from study.types import Rating

    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
    alice, bob = server.add_login("张三"), server.add_login("李四")
    with server.factory(bob)() as session, session.begin():  # someone else's history must not leak into hers
        review_flashcard(session, learner_id=bob.learner_id or 0, flashcard_id=bank.flashcard_ids[0],
                         rating=Rating.AGAIN, now=NOW)
    factory = server.factory(alice)
    with factory() as session, session.begin():
        learner = active_learner(session)
        assert learner is not None and learner.id == alice.learner_id
        for card in bank.flashcard_ids[:3]:
            review_flashcard(session, learner_id=learner.id, flashcard_id=card, rating=Rating.GOOD, now=NOW,
                             enable_fuzzing=False)
        spec = QuizSpec(question_ids=bank.questions_by_type["judge"][:2], count=2, mode=QuizMode.PRACTICE)
        attempt = start_quiz(session, learner_id=learner.id, spec=spec, now=NOW, rng=random.Random(2))
        for position in range(2):
            answer_question(session, attempt_id=attempt, position=position, answer=True, now=NOW)
        submit_attempt(session, attempt_id=attempt, now=NOW)
    with factory() as session:
        board = dashboard(session, learner_id=alice.learner_id or 0, now=NOW + dt.timedelta(hours=1))
    assert board.streak_days == 1
    # Her exam plan is hers: she sets it, 首页 follows it, and nobody else's goal is in sight.
    from study.exam_goal import exam_goal, set_exam_goal

    with server.factory(bob)() as session, session.begin():
        set_exam_goal(session, learner_id=bob.learner_id or 0, exam_date=NOW.date() + dt.timedelta(days=9), now=NOW)
    with factory() as session, session.begin():
        set_exam_goal(session, learner_id=alice.learner_id or 0, exam_date=NOW.date() + dt.timedelta(days=12), now=NOW)
    with factory() as session:
        assert dashboard(session, learner_id=alice.learner_id or 0, now=NOW + dt.timedelta(hours=1)).planned
        assert exam_goal(session, learner_id=bob.learner_id or 0) is None
        assert session.execute(text("SELECT count(*) FROM exam_goals")).scalar() == 1
    with server.factory()() as session:
        wrong = session.execute(text("SELECT learner_id FROM wrong_answers")).scalars().all()
        days = session.execute(text("SELECT count(*) FROM study_days")).scalar()
    assert wrong == [alice.learner_id] and days == 2


def test_a_learner_saves_their_own_settings_exam_goal_and_forecasts_and_no_one_elses(server: SharedServer) -> None:
    from study.exam_goal import exam_goal, set_exam_goal
    from study.goal_models import ReadinessForecastRow
    from study.learners import get_learner, update_learner_settings

    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
    alice, bob = server.add_login("张三"), server.add_login("李四")
    alice_id, bob_id = alice.learner_id or 0, bob.learner_id or 0
    spec = QuizSpec(question_ids=bank.question_ids[:2], count=2, mode=QuizMode.EXAM)
    with server.factory(alice)() as session, session.begin():
        update_learner_settings(session, alice_id, daily_new_limit=35, desired_retention=0.92)
        set_exam_goal(session, learner_id=alice_id, exam_date=dt.date(2026, 12, 20), now=NOW, target_recall=0.9)
        attempt = start_quiz(session, learner_id=alice_id, spec=spec, now=NOW, rng=random.Random(3))
        session.add(ReadinessForecastRow(learner_id=alice_id, attempt_id=attempt, made_at=NOW, raw_percent=70.0,
                                         predicted_percent=72.0, low_percent=60.0, high_percent=80.0,
                                         actual_percent=75.0, items=2))
    with server.factory(alice)() as session:
        learner = get_learner(session, alice_id)
        assert (learner.daily_new_limit, learner.desired_retention) == (35, 0.92)
        goal = exam_goal(session, learner_id=alice_id)
        assert goal is not None and goal.exam_date == dt.date(2026, 12, 20)
    with server.factory(bob)() as session, session.begin():  # his view holds none of hers, and he cannot write hers
        assert exam_goal(session, learner_id=alice_id) is None
        assert session.execute(text("SELECT count(*) FROM readiness_forecasts")).scalar() == 0
        assert session.execute(text("UPDATE exam_goals SET target_recall = 0.7")).rowcount == 0  # type: ignore[attr-defined]
    with pytest.raises(ProgrammingError, match="row-level security"):
        with server.factory(bob)() as session, session.begin():
            set_exam_goal(session, learner_id=bob_id, exam_date=dt.date(2026, 12, 21), now=NOW)  # his own: allowed
            session.execute(text("INSERT INTO exam_goals (learner_id, exam_date, target_recall, set_on) "
                                 "VALUES (:a, '2026-12-24', 0.8, '2026-11-27')"), {"a": alice_id})


def test_a_paper_published_to_one_unit_is_that_units_only_even_from_psql(server: SharedServer) -> None:
    from foundation.errors import UserError
    from study.shared_exam import my_published_papers, start_shared_sitting

    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
        for title, unit in (("全体", None), ("第一组", "第一巡视组"), ("第二组", "第二巡视组")):
            paper = assemble_fixed_paper(session, title=title, question_ids=bank.question_ids[:2], time_limit_s=600,
                                         pass_mark=0.6, shuffle=False, now=NOW, rng=random.Random(1))
            publish_paper(session, paper, unit=unit)
            if unit == "第二巡视组":
                other_unit = paper.uid
    alice = server.add_login("张三", unit="第一巡视组")
    with server.factory(alice)() as session, session.begin():
        assert sorted(line.title for line in my_published_papers(session)) == ["全体", "第一组"]
        assert sorted(session.execute(text("SELECT title FROM published_papers")).scalars()) == ["全体", "第一组"]
        assert session.execute(text("SELECT count(*) FROM paper_questions WHERE paper_uid = :u"),
                               {"u": other_unit}).scalar() == 0
    with pytest.raises(UserError, match="没有发布给您"):
        with server.factory(alice)() as session, session.begin():
            start_shared_sitting(session, other_unit)
