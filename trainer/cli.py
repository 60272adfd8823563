"""Command-line sub-commands of the trainer's toolkit that need no Qt (export-bank, reset-trainer-password)."""

from __future__ import annotations

import argparse
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
