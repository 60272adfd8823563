"""Command-line sub-commands of the question bank (import-doc, export-bank, bank-stats)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from question_bank.app_context import AppContext, UserError, os_error_text


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    parser = subparsers.add_parser("import-doc", help="导入文档（.txt/.md/.docx），生成知识卡片和题目")
    parser.add_argument("path", type=Path, help="文档路径")
    parser.add_argument("--title", help="文档标题（默认取文中标题）")
    parser.set_defaults(handler=import_doc)
    parser = subparsers.add_parser("export-bank", help="导出题库（.json，或 .xlsx 表格）")
    parser.add_argument("path", type=Path, help="导出文件路径")
    parser.set_defaults(handler=export_bank)
    parser = subparsers.add_parser("bank-stats", help="按专题和题型统计题库，并显示校验报告")
    parser.set_defaults(handler=bank_stats)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def import_doc(args: argparse.Namespace, context: AppContext) -> int:
    """Import one document and print what was added."""
    from question_bank.drafts import QuestionType
    from question_bank.importing import import_file

    if not args.path.is_file():
        raise UserError(f"找不到文件：{args.path}")
    factory = context.session_factory()
    with factory() as session, session.begin():
        summary = import_file(session, args.path, title=args.title, now=_now())
    print(f"已导入“{args.path.name}”，共{len(summary.documents)}篇文档：")
    for doc in summary.documents:
        types = "，".join(f"{QuestionType(t).label}{n}道" for t, n in doc.questions_by_type.items()) or "无"
        print(f"  《{doc.title}》：{doc.topics}个专题，题目{sum(doc.questions_by_type.values())}道（{types}），"
              f"知识卡片{doc.flashcards}张，校验剔除{doc.rejected}道。")
    return 0


def export_bank(args: argparse.Namespace, context: AppContext) -> int:
    """Write the whole bank as JSON (or as an Excel workbook for .xlsx)."""
    from question_bank.bank import export_bank_json

    path: Path = args.path
    factory = context.session_factory()
    if path.suffix.lower() == ".xlsx":
        try:
            from question_bank.excel import export_bank_xlsx
        except ImportError as error:
            raise UserError("当前版本不支持导出 Excel 题库，请改用 .json。") from error
        with factory() as session:
            export_bank_xlsx(session, path)
        print(f"已导出题库到 {path}")
        return 0
    with factory() as session:
        data = export_bank_json(session)
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as error:
        raise UserError(f"无法写入文件：{path}（{os_error_text(error)}）") from error
    print(f"已导出题库到 {path}：题目{len(data['questions'])}道，知识卡片{len(data['flashcards'])}张。")
    return 0


def bank_stats(args: argparse.Namespace, context: AppContext) -> int:
    """Print counts by document, topic and type, and each document's validator report."""
    from question_bank import bank
    from question_bank.drafts import QuestionType
    from question_bank.validation import RULE_LABELS

    del args
    factory = context.session_factory()
    with factory() as session:
        for document in bank.list_documents(session):
            stats = bank.bank_stats(session, document.id)
            total = sum(sum(s.questions_by_type.values()) for s in stats)
            cards = sum(s.flashcards for s in stats)
            mark = "（内置）" if document.builtin else ""
            print(f"《{document.title}》{mark}：{len(stats)}个专题，题目{total}道，知识卡片{cards}张")
            for s in stats:
                types = "，".join(f"{QuestionType(t).label}{n}" for t, n in sorted(s.questions_by_type.items()))
                print(f"  {s.title}：题目{sum(s.questions_by_type.values())}道（{types or '无'}），卡片{s.flashcards}张")
            report = bank.validation_report(session, document.id)
            if report is not None:
                print(f"  校验报告：生成{report['checked']}道，通过{report['accepted']}道，"
                      f"剔除{report['checked'] - report['accepted']}道。")
                for rule, count in report["by_rule"].items():
                    print(f"    {RULE_LABELS.get(rule, rule)}：{count}道")
                for rejected in report["rejected"]:
                    stem = rejected["stem"] if len(rejected["stem"]) <= 40 else rejected["stem"][:40] + "……"
                    print(f"    剔除：{stem}（{rejected['reason']}）")
    return 0
