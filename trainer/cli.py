"""Command-line sub-commands of the trainer's toolkit that need no Qt (export-bank)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.json_files import write_json_file


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    parser = subparsers.add_parser("export-bank", help="导出题库（.json，或 .xlsx 表格）")
    parser.add_argument("path", type=Path, help="导出文件路径")
    parser.set_defaults(handler=export_bank)


def export_bank(args: argparse.Namespace, context: AppContext) -> int:
    """Write the whole bank as JSON (or as an Excel workbook for .xlsx)."""
    from question_bank.bank import export_bank_json

    path: Path = args.path
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
