"""Command-line sub-commands for exam preparation: export-anki, exam-plan, readiness-report."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    anki = subparsers.add_parser(
        "export-anki", help="把记忆卡片导出为 Anki 卡组（.apkg；再次导出会更新而不重复）",
        description="把记忆卡片导出为 Anki 卡组：每篇文档一个卡组，每个专题一个子卡组，背面附原文出处。\n"
                    "在手机或电脑的 Anki 中导入；以后再次导出并导入，会更新已有卡片而不会重复。",
        epilog="示例：python main.py export-anki 巡学卡片.apkg",
    )
    anki.add_argument("path", type=Path, metavar="文件", help="导出文件路径（.apkg）")
    anki.set_defaults(handler=export_anki_command)
    plan = subparsers.add_parser(
        "exam-plan", help="设置考试日期，查看到考试为止的学习计划和预测成绩",
        description="设置考试日期后，每日学习按计划安排：考试前一周学完所有新卡片，复习保证考试当天的记忆率达到目标。\n"
                    "不带参数时显示当前计划和预测成绩。",
        epilog="示例：python main.py exam-plan --date 2026-12-20 --target 90",
    )
    plan.add_argument("--learner", metavar="姓名", help="学员姓名（默认为当前学员）")
    plan.add_argument("--date", type=_date, metavar="日期", help="考试日期，如 2026-12-20")
    plan.add_argument("--target", type=int, metavar="百分数", help="考试当天的目标记忆率（百分数，70-99，默认90）")
    plan.add_argument("--clear", action="store_true", help="取消考试日期，恢复日常复习")
    plan.set_defaults(handler=exam_plan_command)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 年-月-日，如 2026-12-20：{text}") from None


def export_anki_command(args: argparse.Namespace, context: AppContext) -> int:
    """Write every usable flashcard to an Anki package."""
    from study.anki_export import export_anki

    now = dt.datetime.now(dt.timezone.utc)
    with context.session_factory()() as session, session.begin():
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
    with context.session_factory()() as session, session.begin():
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
