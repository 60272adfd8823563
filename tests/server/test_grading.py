"""The server's grading agrees with the Python grader: blanks accept the same sound variants (六个月 = 6个月 = 半年)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from question_bank.drafts import QuestionType
from study.scoring import score_answer
from study.shared_exam import ExamClock, new_answer, save_answer, start_shared_sitting
from tests.server.conftest import SharedServer
from tests.server.test_roles import NOW
from trainer.live_results import backfill_accepted_forms, publish_paper
from trainer.paper_file import Paper, PaperQuestion

pytestmark = pytest.mark.postgresql

BLANK_KEYS = {
    "q1": [["6个月"]],
    "q2": [["半年"]],
    "q3": [["坚持民主集中制"]],
    "q4": [["民主集中制"]],
    "q5": [["巡视组"], ["18个月", "一年半"]],
    "q6": [["二〇二四年"]],
}
GIVEN = [
    ["六个月"], ["6个月"], ["6 个月。"], ["半年"], ["六月"], ["七个月"], [""], ["民主集中制"], ["坚持民主集中制"],
    ["坚持 民主集中制"], ["巡视组", "一年半"], ["巡视组", "十八个月"], ["巡视组"], ["巡察组", "18个月"],
    ["2024年"], ["二零二四年"], ["ＡＢＣ"], [],
]


def blank_paper() -> Paper:
    questions = tuple(
        PaperQuestion(key=key, type=QuestionType.BLANK, stem="题干" + "（  ）" * len(answer), options=None,
                      answer=answer, answer_text="", explanation="", topic="填空")
        for key, answer in BLANK_KEYS.items()
    )
    return Paper(uid="blank-paper", version=1, title="填空测试", created_at=NOW, time_limit_s=3600, pass_mark=0.6,
                 shuffle=False, questions=questions)


def server_scores(server: SharedServer) -> dict[tuple[str, int], float]:
    """Every given answer to every question, each saved on the server and graded there."""
    login = server.add_login("张三")
    factory = server.factory(login)
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, "blank-paper")
    clock = ExamClock(sitting.server_now - dt.timedelta(minutes=10), 0.0)
    scores: dict[tuple[str, int], float] = {}
    step = 0.0
    for key in BLANK_KEYS:
        for index, given in enumerate(GIVEN):
            step += 0.01  # each answer later than the one it replaces
            answer = new_answer(sitting.sitting_id, key, given, answered_at=clock.now(step), blank=True)
            with factory() as session, session.begin():
                assert save_answer(session, answer) == "stored"
            with server.factory()() as session:
                scores[key, index] = session.execute(
                    text("SELECT score FROM exam_answers WHERE sitting_id = :s AND question_key = :k"),
                    {"s": sitting.sitting_id, "k": key}).scalar_one()
    return scores


def test_the_server_grades_blanks_as_the_python_grader_does(server: SharedServer) -> None:
    with server.factory()() as session, session.begin():
        publish_paper(session, blank_paper())
    expected = {(key, index): score_answer(QuestionType.BLANK, answer, given).score
                for key, answer in BLANK_KEYS.items() for index, given in enumerate(GIVEN)}
    assert server_scores(server) == expected
    # The sound variants the old SQL comparison refused are among them.
    assert expected["q1", 0] == expected["q2", 1] == expected["q3", 7] == expected["q4", 8] == 1.0
    assert expected["q5", 11] == expected["q6", 14] == 1.0 and expected["q1", 4] == 0.0


def test_keys_published_by_an_older_version_get_their_forms_on_upgrade(server: SharedServer) -> None:
    with server.factory()() as session, session.begin():
        publish_paper(session, blank_paper())
        session.execute(text("UPDATE paper_keys SET accepted = NULL"))  # as an older 巡学 published it
        assert backfill_accepted_forms(session) == len(BLANK_KEYS)
        assert backfill_accepted_forms(session) == 0
        accepted = session.execute(text("SELECT accepted FROM paper_keys WHERE question_key = 'q2'")).scalar_one()
    assert accepted == [["6个月", "半年"]]
