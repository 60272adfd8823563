"""Chinese sentences for the study plan and the readiness forecast (shared by 首页, 进度 and the command line)."""

from __future__ import annotations

import math

from study.forecast import ScoreForecast
from study.plan import StudyPlan


def day_text(value: object) -> str:
    """2026年12月9日 (a date without leading zeros)."""
    return f"{value:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")


def plan_headline(plan: StudyPlan) -> str:
    """距考试还有12天（2026年12月9日）。"""
    return f"距考试还有{plan.days_left}天（{day_text(plan.exam_date)}）。"


def today_text(plan: StudyPlan) -> str:
    """今日计划：复习18张，新学6张。"""
    reviews, new = len(plan.today_review_ids), len(plan.today_new_ids)
    if not reviews and not new:
        return "今日计划已完成。"
    return f"今日计划：复习{reviews}张，新学{new}张。"


def status_text(plan: StudyPlan) -> str:
    """On track, or what catching up takes (spread, never all on one day)."""
    lines = []
    if plan.catch_up is None:
        lines.append(f"进度正常：照计划学习，考试当天预计能记住{plan.predicted_recall:.0%}的内容（目标{plan.target_recall:.0%}）。")
    else:
        behind = []
        if plan.catch_up.overdue_reviews:
            behind.append(f"{plan.catch_up.overdue_reviews}张到期未复习的卡片")
        if plan.catch_up.new_behind:
            behind.append(f"{plan.catch_up.new_behind}张该学未学的新卡片")
        extra = math.ceil(plan.catch_up.extra_per_day)
        spread = f"，已分摊到今后{plan.catch_up.days}天，每天多复习约{extra}张" if plan.catch_up.overdue_reviews else "，已分摊到今后几天"
        lines.append("进度落后：有" + "和".join(behind) + spread + "。")
    if plan.cards_below_target:
        lines.append(f"有{plan.cards_below_target}张卡片即使照计划复习，考试当天也可能达不到目标。")
    if any(day.new for day in plan.days):
        lines.append(f"新卡片在{day_text(plan.intro_deadline)}前学完。")
    else:
        lines.append("新卡片都已学过。")
    return "".join(lines)


def plan_lines(plan: StudyPlan | None) -> list[str]:
    """The plan in three or four sentences, or why there is none."""
    if plan is None:
        return ["未设置考试日期（或考试日期已到），按日常复习安排学习。"]
    return [plan_headline(plan), today_text(plan), status_text(plan)]


def forecast_text(forecast: ScoreForecast) -> str:
    """如果今天参加模拟考试（20题），预计得分72分（大致在58–86分之间）。"""
    return (f"如果今天参加模拟考试（{forecast.items}题），预计得分{forecast.percent:.0f}分"
            f"（大致在{forecast.low:.0f}–{forecast.high:.0f}分之间）。")
