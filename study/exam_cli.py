"""Command-line sub-commands for exam preparation: export-anki, exam-plan, readiness-report."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from question_bank.app_context import AppContext, UserError


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    anki = subparsers.add_parser("export-anki", help="把记忆卡片导出为 Anki 卡组（.apkg；再次导出会更新而不重复）")
    anki.add_argument("path", type=Path, help="导出文件路径（.apkg）")
    anki.set_defaults(handler=export_anki_command)
    plan = subparsers.add_parser("exam-plan", help="设置考试日期，查看到考试为止的学习计划和预测成绩")
    plan.add_argument("--learner", help="学员姓名（默认为当前学员）")
    plan.add_argument("--date", type=_date, help="考试日期，如 2026-12-20")
    plan.add_argument("--target", type=int, help="考试当天的目标记忆率（百分数，70-99，默认90）")
    plan.add_argument("--clear", action="store_true", help="取消考试日期，恢复日常复习")
    plan.set_defaults(handler=exam_plan_command)
    report = subparsers.add_parser("readiness-report", help="按单位列出预测成绩分布和可能不及格的学员（督促检查）")
    report.add_argument("--unit", action="append", help="只看这个单位（可重复）")
    report.add_argument("--count", type=int, default=20, help="模拟考试题数（默认20）")
    report.add_argument("--pass-mark", type=int, default=60, help="及格线（百分数，默认60）")
    report.set_defaults(handler=readiness_report_command)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 年-月-日，如 2026-12-20：{text}") from None


def export_anki_command(args: argparse.Namespace, context: AppContext) -> int:
    """Write every usable flashcard to an Anki package."""
    from study.anki_export import export_anki

    now = dt.datetime.now(dt.timezone.utc)
    with context.session_factory(now)() as session, session.begin():
        report = export_anki(session, Path(args.path), now=now)
    print(f"已导出{report.notes}张记忆卡片（{report.decks}个卡组）：{report.path}")
    print("在 Anki 中“导入”此文件即可；再次导出后导入，会更新已有卡片而不会重复。")
    return 0


def exam_plan_command(args: argparse.Namespace, context: AppContext) -> int:
    """Set or clear a learner's exam date, then print today's plan and readiness."""
    from study.exam_goal import clear_exam_goal, set_exam_goal, todays_plan
    from study.learners import active_learner, find_learner
    from study.plan_text import forecast_text, plan_lines
    from study.readiness import readiness_forecast
    from study.types import QuizMode, QuizSpec

    now = dt.datetime.now(dt.timezone.utc)
    with context.session_factory(now)() as session, session.begin():
        learner = find_learner(session, args.learner) if args.learner else active_learner(session)
        if learner is None:
            raise UserError(f"找不到学员“{args.learner}”。" if args.learner else "还没有任何学员。")
        if args.clear:
            clear_exam_goal(session, learner_id=learner.id)
        elif args.date is not None:
            target = 0.9 if args.target is None else args.target / 100
            set_exam_goal(session, learner_id=learner.id, exam_date=args.date, target_recall=target, now=now)
        plan = todays_plan(session, learner_id=learner.id, now=now)
        forecast = readiness_forecast(session, learner_id=learner.id, spec=QuizSpec(mode=QuizMode.EXAM, count=20), now=now)
    print(f"学员：{learner.name}")
    for line in plan_lines(plan):
        print(line)
    if forecast is not None:
        print(forecast_text(forecast))
    return 0


def readiness_report_command(args: argparse.Namespace, context: AppContext) -> int:
    """Print, per unit, the forecast distribution and the learners likely to fall below the pass mark."""
    from study.types import QuizMode, QuizSpec
    from study.unit_readiness import BANDS, unit_readiness

    if not 1 <= args.pass_mark <= 100 or not 1 <= args.count <= 500:
        raise UserError("及格线应在1到100之间，题数应在1到500之间。")
    now = dt.datetime.now(dt.timezone.utc)
    spec = QuizSpec(mode=QuizMode.EXAM, count=args.count, pass_mark=args.pass_mark / 100)
    with context.session_factory(now)() as session, session.begin():
        report = unit_readiness(session, spec=spec, now=now, units=args.unit)
    if not report:
        print("没有可预测的学员（或题库为空）。")
        return 0
    for unit in report:
        print(f"【{unit.unit or '未填单位'}】{len(unit.learners)}人，预测成绩中位数{unit.median_percent:.0f}分，及格线{unit.pass_percent:.0f}分")
        print("  分布：" + "  ".join(f"{low}-{low + 9 if low < 90 else 100}:{n}" for low, n in zip(BANDS, unit.band_counts) if n))
        if unit.at_risk:
            print("  可能不及格：" + "，".join(
                f"{r.name}（预测{r.forecast.percent:.0f}分，不及格可能{r.below_probability:.0%}）" for r in unit.at_risk))
        else:
            print("  可能不及格：无")
    return 0
