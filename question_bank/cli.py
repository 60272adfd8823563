"""Command-line sub-commands of the question bank (import-doc, bank-stats)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    parser = subparsers.add_parser(
        "import-doc", help="导入文档（.txt/.md/.docx），生成知识卡片和题目",
        description="导入答记者问、条例（章/条）、讲话等学习材料（UTF-8、带BOM的UTF-8或GB18030编码，最大20 MB），\n"
                    "自动分专题，生成知识卡片和题目。需要培训管理密码（已设置时）。",
        epilog="示例：python main.py import-doc 信访工作条例.md --title 信访工作条例\n"
               "导入的题目和卡片默认先“待审核”，在培训管理的“题库”中审核通过后学员才能看到。",
    )
    parser.add_argument("path", type=Path, metavar="文件", help="文档路径")
    parser.add_argument("--title", metavar="标题", help="文档标题（默认取文中标题）")
    parser.add_argument("--new-version", action="store_true",
                        help="文字与题库中已有的文档相同时，仍作为新版本导入（默认不导入）")
    parser.set_defaults(handler=import_doc)
    parser = subparsers.add_parser(
        "bank-stats", help="按专题和题型统计题库，并显示校验报告",
        description="列出每篇文档的专题、各题型题量和卡片数，以及生成时被校验规则剔除的题目。",
        epilog="示例：python main.py bank-stats",
    )
    parser.set_defaults(handler=bank_stats)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def import_doc(args: argparse.Namespace, context: AppContext) -> int:
    """Import one document and print what was added."""
    from question_bank.documents import duplicate_message, import_checked
    from question_bank.drafts import QuestionType
    from question_bank.reading import read_document_bytes

    data = read_document_bytes(args.path)
    factory = context.session_factory()
    with factory() as session, session.begin():
        checked = import_checked(session, data=data, filename=args.path.name, title=args.title, now=_now(),
                                 new_version=args.new_version)
    if checked.summary is None:
        raise UserError(f"{duplicate_message(checked.duplicates)}未导入任何内容；如确需作为新版本导入，请加 --new-version。"
                        .replace("\n", ""))
    summary = checked.summary
    print(f"已导入“{args.path.name}”，共{len(summary.documents)}篇文档：")
    for doc in summary.documents:
        types = "，".join(f"{QuestionType(t).label}{n}道" for t, n in doc.questions_by_type.items()) or "无"
        print(f"  《{doc.title}》：{doc.topics}个专题，题目{sum(doc.questions_by_type.values())}道（{types}），"
              f"知识卡片{doc.flashcards}张，校验剔除{doc.rejected}道。")
    if checked.held:
        print(f"其中{checked.held}项待审核：在培训管理的“题库”中审核通过后，学员才能看到。")
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
