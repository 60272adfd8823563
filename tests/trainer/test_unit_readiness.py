"""The trainer's per-unit readiness report: distribution of forecasts and who is likely to fall below the pass mark."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from study.attempts import answer_question, submit_attempt
from study.learners import create_learner
from study.quiz import load_quiz_session, start_quiz
from study.types import QuizMode, QuizSpec
from trainer.unit_readiness import band_counts, unit_readiness
from tests.study.conftest import SmallBank
from tests.study.test_quiz import correct_display_answer


def test_band_counts_put_100_in_the_top_band() -> None:
    assert band_counts([0, 9.9, 10, 55, 100, 99]) == (2, 1, 0, 0, 0, 1, 0, 0, 0, 2)


def test_the_learner_who_practised_is_ready_and_the_other_is_likely_to_fail(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    with factory() as session, session.begin():
        other = int(create_learner(session, "王五", now=now, unit="第一巡视组").id)
        create_learner(session, "赵六", now=now, unit="第二巡视组")
        for round_ in range(2):  # two practice rounds, every answer right
            attempt_id = start_quiz(session, learner_id=learner_id, spec=QuizSpec(count=30, mode=QuizMode.PRACTICE),
                                    now=now, rng=random.Random(round_))
            for view in load_quiz_session(session, attempt_id, now).items:
                answer_question(session, attempt_id=attempt_id, position=view.position,
                                answer=correct_display_answer(session, view), now=now)
            submit_attempt(session, attempt_id=attempt_id, now=now)
    later = now + dt.timedelta(days=1)
    spec = QuizSpec(count=10, mode=QuizMode.EXAM, pass_mark=0.6)
    with factory() as session, session.begin():
        report = unit_readiness(session, spec=spec, now=later)
        only_first = unit_readiness(session, spec=spec, now=later, units=["第一巡视组"])
    assert [u.unit for u in report] == ["第一巡视组", "第二巡视组"]
    first = report[0]
    assert [r.learner_id for r in first.learners] == [other, learner_id]  # most at risk first
    assert [r.learner_id for r in first.at_risk] == [other]
    assert sum(first.band_counts) == 2 and first.pass_percent == 60
    assert first.learners[1].forecast.percent > 65 > 40 > first.learners[0].forecast.percent
    assert [u.unit for u in only_first] == ["第一巡视组"]


def _two_units(factory: sessionmaker[Session], learner_id: int, now: dt.datetime) -> tuple[int, str]:
    """王五 (第一巡视组, never studied), the fixture's learner (who practised every question right), 赵六 elsewhere;
    and a paper of 10 questions at 60 %. Returns 王五's id and the paper's uid."""
    from question_bank.drafts import QuestionType
    from study.models import LearnerRow
    from trainer.papers import assemble_random_paper

    with factory() as session, session.begin():
        learner = session.get(LearnerRow, learner_id)
        assert learner is not None
        learner.unit = "第一巡视组"
        other = int(create_learner(session, "王五", now=now, unit="第一巡视组").id)
        create_learner(session, "赵六", now=now, unit="第二巡视组")
        for round_ in range(2):
            attempt_id = start_quiz(session, learner_id=learner_id, spec=QuizSpec(count=30, mode=QuizMode.PRACTICE),
                                    now=now, rng=random.Random(round_))
            for view in load_quiz_session(session, attempt_id, now).items:
                answer_question(session, attempt_id=attempt_id, position=view.position,
                                answer=correct_display_answer(session, view), now=now)
            submit_attempt(session, attempt_id=attempt_id, now=now)
        paper = assemble_random_paper(session, title="巡视条例测试", type_counts={QuestionType.SINGLE: 6, QuestionType.JUDGE: 4},
                                      time_limit_s=1800, pass_mark=0.6, shuffle=False, now=now, rng=random.Random(1))
    return other, paper.uid


def test_the_papers_report_carries_per_unit_forecasts_and_who_is_likely_to_fail_into_excel(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from trainer.report import at_risk_rows, forecast_bands, paper_readiness, paper_report, report_summary_lines
    from trainer.report_excel import export_report_xlsx
    from trainer.rosters import RosterEntry

    other, uid = _two_units(factory, learner_id, now)
    later = now + dt.timedelta(days=1)
    with factory() as session:
        everyone = paper_readiness(session, uid, now=later)
        roster = [RosterEntry("王五", "第一巡视组"), RosterEntry("张三", "第一巡视组")]
        first_unit = paper_readiness(session, uid, now=later, roster=roster)
        report = dataclasses.replace(paper_report(session, uid, now=later, roster=roster), readiness=first_unit)
    assert [u.unit for u in everyone] == ["第一巡视组", "第二巡视组"]  # no unit named anywhere: every unit here
    assert [u.unit for u in first_unit] == ["第一巡视组"]  # the roster's units
    unit = first_unit[0]
    assert unit.pass_percent == 60 and unit.learners[0].forecast.items == 10  # a mock exam like the paper
    assert [r.learner_id for r in unit.at_risk] == [other]
    assert sum(b.count for b in forecast_bands(unit)) == 2
    assert report.at_risk_count == 1 and ("可能不及格（考前预测）", "1人") in report_summary_lines(report)
    assert [row[:2] for row in at_risk_rows(report)] == [["第一巡视组", "王五"]]
    # Before any result came in, the workbook already says who to urge.
    export_report_xlsx(report, tmp_path / "report.xlsx")
    workbook = load_workbook(tmp_path / "report.xlsx", read_only=True)
    forecast = [list(row) for row in workbook["考前预测"].iter_rows(values_only=True)]
    assert forecast[0][:3] == ["单位", "人数", "预测中位数"] and forecast[0][-1] == "可能不及格"
    assert forecast[1][0] == "第一巡视组" and forecast[1][1] == 2 and forecast[1][-1] == 1
    assert sum(int(str(n)) for n in forecast[1][3:-1]) == 2  # the two forecasts spread over the score bands
    at_risk = [list(row) for row in workbook["可能不及格"].iter_rows(values_only=True)]
    assert at_risk[0] == ["单位", "姓名", "预测得分", "大致范围", "不及格可能"] and at_risk[1][:2] == ["第一巡视组", "王五"]
    assert len(at_risk) == 2
    workbook.close()


def test_without_learners_here_the_report_says_no_forecast_can_be_made(
    factory: sessionmaker[Session], bank: SmallBank, now: dt.datetime, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from question_bank.drafts import QuestionType
    from study.models import LearnerRow
    from trainer.papers import assemble_random_paper
    from trainer.report import NO_READINESS, paper_readiness, paper_report
    from trainer.report_excel import export_report_xlsx

    with factory() as session, session.begin():
        for row in session.scalars(select(LearnerRow)).all():
            session.delete(row)
        paper = assemble_random_paper(session, title="卷", type_counts={QuestionType.JUDGE: 2}, time_limit_s=None,
                                      pass_mark=0.6, shuffle=False, now=now, rng=random.Random(1))
    with factory() as session:
        report = dataclasses.replace(paper_report(session, paper.uid, now=now),
                                     readiness=paper_readiness(session, paper.uid, now=now))
    assert report.readiness == () and report.at_risk_count == 0
    export_report_xlsx(report, tmp_path / "r.xlsx")
    workbook = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert [row[0] for row in workbook["考前预测"].iter_rows(values_only=True)][1] == NO_READINESS
    workbook.close()
