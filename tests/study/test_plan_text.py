"""The plan and forecast sentences shown on 首页 and by `exam-plan`."""

from __future__ import annotations

import datetime as dt

from study.forecast import forecast_score
from study.plan import CatchUp, PlanDay, StudyPlan
from study.plan_text import forecast_text, plan_lines

TODAY = dt.date(2026, 12, 1)


def _plan(*, catch_up: CatchUp | None = None, new: int = 3, below: int = 0) -> StudyPlan:
    days = tuple(PlanDay(day=TODAY + dt.timedelta(days=i), new=new if i < 5 else 0, reviews=4) for i in range(12))
    return StudyPlan(exam_date=TODAY + dt.timedelta(days=12), target_recall=0.9, today=TODAY,
                     intro_deadline=TODAY + dt.timedelta(days=4), days=days, today_review_ids=(1, 2, 3, 4),
                     today_new_ids=(5, 6, 7) if new else (), predicted_recall=0.95, cards_below_target=below,
                     catch_up=catch_up)


def test_an_on_track_plan_reads_days_left_todays_load_and_the_recall_expected() -> None:
    assert plan_lines(_plan()) == [
        "距考试还有12天（2026年12月13日）。",
        "今日计划：复习4张，新学3张。",
        "进度正常：照计划学习，考试当天预计能记住95%的内容（目标90%）。新卡片在2026年12月5日前学完。",
    ]
    assert plan_lines(_plan(new=0))[2].endswith("新卡片都已学过。")


def test_a_plan_behind_says_what_catching_up_takes() -> None:
    lines = plan_lines(_plan(catch_up=CatchUp(overdue_reviews=30, new_behind=6, days=6), below=2))
    assert lines[2].startswith("进度落后：有30张到期未复习的卡片和6张该学未学的新卡片，已分摊到今后6天，每天多复习约5张。")
    assert "有2张卡片即使照计划复习" in lines[2]


def test_without_a_plan_and_the_forecast_sentence() -> None:
    assert plan_lines(None) == ["未设置考试日期（或考试日期已到），按日常复习安排学习。"]
    forecast = forecast_score([0.75] * 100, count=20)
    assert forecast_text(forecast).startswith("如果今天参加模拟考试（20题），预计得分75分（大致在")
