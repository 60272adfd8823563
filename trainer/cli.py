"""Command-line sub-commands of the trainer's toolkit that need no Qt (export-bank, reset-trainer-password)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError
from foundation.json_files import write_json_file

EXPORT_SUFFIXES = (".json", ".xlsx")


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    parser = subparsers.add_parser(
        "export-bank", help="导出题库（.json，或 .xlsx 表格）",
        description="把整个题库（含答案和解析）导出为 JSON（xunxue-bank 格式）或 Excel 表格（考试系统的列）。\n"
                    "格式由扩展名决定：.json 或 .xlsx。需要培训管理密码（已设置时）。",
        epilog="示例：python main.py export-bank 题库.xlsx",
    )
    parser.add_argument("path", type=Path, metavar="文件", help="导出文件路径（.json 或 .xlsx）")
    parser.set_defaults(handler=export_bank)
    parser = subparsers.add_parser(
        "reset-trainer-password", help="清除培训管理密码（忘记密码时使用）",
        description="清除本数据目录的培训管理密码；下次打开“培训管理”时重新设置。\n"
                    "能进入数据目录的人都能这样做：密码防止学员在共用电脑上误入培训管理，不能防止有意修改数据文件。",
        epilog="示例：python main.py reset-trainer-password",
    )
    parser.set_defaults(handler=reset_trainer_password)
    report = subparsers.add_parser(
        "readiness-report", help="按单位列出预测成绩分布和可能不及格的学员（督促检查）",
        description="按单位列出本机学员今天参加模拟考试的预测成绩分布，以及可能低于及格线的学员，便于考前督促检查。",
        epilog="示例：python main.py readiness-report --unit 办公室 --pass-mark 60",
    )
    report.add_argument("--unit", action="append", metavar="单位", help="只看这个单位（可重复）")
    report.add_argument("--count", type=int, default=20, metavar="题数", help="模拟考试题数（默认20）")
    report.add_argument("--pass-mark", type=int, default=60, metavar="百分数", help="及格线（百分数，默认60）")
    report.set_defaults(handler=readiness_report_command)


def export_bank(args: argparse.Namespace, context: AppContext) -> int:
    """Write the whole bank as JSON (or as an Excel workbook for .xlsx)."""
    from question_bank.bank import export_bank_json

    path: Path = args.path
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise UserError(f"无法导出为“{path.suffix or '无扩展名'}”格式：请用 .json（巡学题库格式）或 .xlsx（Excel 表格）。")
    factory = context.session_factory()
    if path.suffix.lower() == ".xlsx":
        from trainer.excel import export_bank_xlsx

        with factory() as session:
            export_bank_xlsx(session, path)
        print(f"已导出题库到 {path}")
        return 0
    with factory() as session:
        data = export_bank_json(session)
    write_json_file(data, path, what="文件")
    print(f"已导出题库到 {path}：题目{len(data['questions'])}道，知识卡片{len(data['flashcards'])}张。")
    return 0


def reset_trainer_password(args: argparse.Namespace, context: AppContext) -> int:
    """Remove the trainer password, so that the next trainer sets a new one."""
    from trainer.auth import clear_trainer_password

    del args
    with context.session_factory()() as session, session.begin():
        cleared = clear_trainer_password(session)
    print("已清除培训管理密码。下次打开“培训管理”时请设置新密码。" if cleared else "尚未设置培训管理密码，无需清除。")
    return 0


def readiness_report_command(args: argparse.Namespace, context: AppContext) -> int:
    """Print, per unit, the forecast distribution and the learners likely to fall below the pass mark."""
    from study.types import QuizMode, QuizSpec
    from trainer.unit_readiness import BANDS, unit_readiness

    if not 1 <= args.pass_mark <= 100 or not 1 <= args.count <= 500:
        raise UserError("及格线应在1到100之间，题数应在1到500之间。")
    now = dt.datetime.now(dt.timezone.utc)
    spec = QuizSpec(mode=QuizMode.EXAM, count=args.count, pass_mark=args.pass_mark / 100)
    with context.session_factory()() as session, session.begin():
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
