"""A paper's exam date: made by the trainer, carried in the file, adopted or offered on the learner's machine."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from study.exam_goal import exam_goal, set_exam_goal
from study.learners import create_learner
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine
from trainer.paper_exam_date import (
    DateMatch,
    adopt_paper_exam_date,
    date_match,
    paper_exam_date,
    take_paper_exam_date,
)
from trainer.paper_file import Paper, paper_from_json, read_paper_file, write_paper_file
from trainer.papers import assemble_random_paper, list_papers

COUNTS = {QuestionType.SINGLE: 3, QuestionType.JUDGE: 2}


def make_paper(factory: sessionmaker[Session], now: dt.datetime, exam_date: dt.date | None) -> Paper:
    with factory() as s, s.begin():
        fill_sample_bank(s, now)
        return assemble_random_paper(s, title="巡视条例学习测试", type_counts=COUNTS, time_limit_s=1200, pass_mark=0.6,
                                     shuffle=True, now=now, rng=random.Random(3), exam_date=exam_date)


def test_the_exam_date_travels_in_the_paper_file_and_the_trainers_list(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    exam = now.date() + dt.timedelta(days=20)
    paper = make_paper(session_factory, now, exam)
    path = tmp_path / "p.xxpaper.json"
    write_paper_file(paper, path)
    assert json.loads(path.read_text(encoding="utf-8"))["exam_date"] == exam.isoformat()
    assert read_paper_file(path).exam_date == exam
    with session_factory() as s:
        assert list_papers(s)[0].exam_date == exam


def test_a_paper_without_a_date_writes_none_and_old_files_still_read(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    paper = make_paper(session_factory, now, None)
    path = tmp_path / "p.xxpaper.json"
    write_paper_file(paper, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "exam_date" not in data  # the file an older app wrote, and reads
    assert read_paper_file(path).exam_date is None
    dated = paper_from_json({**data, "exam_date": "2026-12-20"})
    assert dated.exam_date == dt.date(2026, 12, 20) and dated.digest == paper.digest  # the date is no new version


@pytest.mark.parametrize("bad", ["2026-13-01", "明天", 20261220, "1800-01-01", "2026-12-20T08:00"])
def test_a_malformed_exam_date_refuses_the_file(
    session_factory: sessionmaker[Session], now: dt.datetime, bad: object
) -> None:
    paper = make_paper(session_factory, now, None)
    from trainer.paper_file import learner_paper_json

    with pytest.raises(UserError, match="损坏"):
        paper_from_json({**learner_paper_json(paper), "exam_date": bad})


@pytest.mark.parametrize(("days", "message"), [(-1, "不能早于今天"), (731, "两年")])
def test_a_paper_dated_before_today_or_beyond_two_years_is_refused(
    session_factory: sessionmaker[Session], now: dt.datetime, days: int, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        make_paper(session_factory, now, now.date() + dt.timedelta(days=days))


def test_date_match_covers_every_case() -> None:
    from study.exam_goal import ExamGoal

    today = dt.date(2026, 11, 27)
    day = today + dt.timedelta(days=20)

    def goal(on: dt.date) -> ExamGoal:
        return ExamGoal(exam_date=on, target_recall=0.9, set_on=today)

    assert date_match(paper_date=None, goal=goal(day), today=today) is DateMatch.NO_DATE
    assert date_match(paper_date=today, goal=None, today=today) is DateMatch.PASSED
    assert date_match(paper_date=today + dt.timedelta(days=731), goal=None, today=today) is DateMatch.TOO_FAR
    assert date_match(paper_date=day, goal=None, today=today) is DateMatch.NO_GOAL
    assert date_match(paper_date=day, goal=goal(today), today=today) is DateMatch.NO_GOAL  # that exam is over
    assert date_match(paper_date=day, goal=goal(day), today=today) is DateMatch.SAME
    assert date_match(paper_date=day, goal=goal(day + dt.timedelta(days=3)), today=today) is DateMatch.DIFFERENT


def test_a_learner_without_a_goal_adopts_the_papers_date_and_a_later_own_date_is_never_overwritten(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    exam = now.date() + dt.timedelta(days=20)
    paper = make_paper(session_factory, now, exam)
    factory = learner_machine(tmp_path / "pc")
    with factory() as s, s.begin():
        learner_id = int(create_learner(s, "张三", now=now).id)
        set_exam_goal(s, learner_id=learner_id, exam_date=exam, target_recall=0.95, now=now)
        from study.exam_goal import clear_exam_goal

        clear_exam_goal(s, learner_id=learner_id)
    # 1. No goal: opening the paper adopts its date (default target for a learner who never set one).
    with factory() as s, s.begin():
        opened = take_paper_exam_date(s, paper, learner_id=learner_id, now=now)
        assert (opened.adopted, opened.match, opened.own_date) == (True, DateMatch.SAME, exam)
        goal = exam_goal(s, learner_id=learner_id)
        assert goal is not None and goal.exam_date == exam and goal.set_on == now.date()
    # 2. Opening it again changes nothing.
    with factory() as s, s.begin():
        again = take_paper_exam_date(s, paper, learner_id=learner_id, now=now + dt.timedelta(hours=1))
        assert (again.adopted, again.match) == (False, DateMatch.SAME)
    # 3. The learner moves their own date later; reopening the paper offers, never overwrites.
    own = exam + dt.timedelta(days=4)
    later = now + dt.timedelta(days=1)
    with factory() as s, s.begin():
        set_exam_goal(s, learner_id=learner_id, exam_date=own, target_recall=0.93, now=later)
    with factory() as s, s.begin():
        offered = take_paper_exam_date(s, paper, learner_id=learner_id, now=later + dt.timedelta(hours=2))
        assert (offered.adopted, offered.match, offered.own_date, offered.paper_date) == (False, DateMatch.DIFFERENT, own, exam)
        goal = exam_goal(s, learner_id=learner_id)
        assert goal is not None and goal.exam_date == own
    # 4. 改用试卷的考试日期: the learner's click moves it, keeping their target.
    with factory() as s, s.begin():
        moved = adopt_paper_exam_date(s, paper, learner_id=learner_id, now=later)
        assert (moved.exam_date, moved.target_recall) == (exam, 0.93)
        assert paper_exam_date(s, paper, learner_id=learner_id, now=later).match is DateMatch.SAME
    # 5. On the exam day the paper's date is past: nothing is planned toward it, nothing changes.
    with factory() as s, s.begin():
        on_the_day = dt.datetime.combine(exam, dt.time(2, 0), dt.timezone.utc)
        assert take_paper_exam_date(s, paper, learner_id=learner_id, now=on_the_day).match is DateMatch.PASSED


def test_a_paper_without_a_date_leaves_the_goal_alone_and_cannot_be_adopted(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    paper = make_paper(session_factory, now, None)
    factory = learner_machine(tmp_path / "pc")
    with factory() as s, s.begin():
        learner_id = int(create_learner(s, "李四", now=now).id)
        assert take_paper_exam_date(s, paper, learner_id=learner_id, now=now).match is DateMatch.NO_DATE
        assert exam_goal(s, learner_id=learner_id) is None
        with pytest.raises(UserError, match="没有指定考试日期"):
            adopt_paper_exam_date(s, paper, learner_id=learner_id, now=now)
