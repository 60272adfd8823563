"""Command-line sub-commands of the study engine (export-progress, import-progress)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from question_bank.app_context import AppContext, UserError


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    export = subparsers.add_parser("export-progress", help="导出一名学员的全部学习记录（JSON）")
    export.add_argument("path", type=Path, help="导出文件路径（.json）")
    export.add_argument("--learner", help="学员姓名（默认为当前学员）")
    export.set_defaults(handler=export_command)
    imported = subparsers.add_parser("import-progress", help="导入学习记录（重复导入不会产生重复记录）")
    imported.add_argument("path", type=Path, help="由 export-progress 导出的文件")
    imported.set_defaults(handler=import_command)


def export_command(args: argparse.Namespace, context: AppContext) -> int:
    """Write one learner's history to a JSON file."""
    from study.learners import active_learner, find_learner
    from study.transfer import export_progress, write_progress_file

    now = dt.datetime.now(dt.timezone.utc)
    factory = context.session_factory(now)
    with factory() as session, session.begin():
        learner = find_learner(session, args.learner) if args.learner else active_learner(session)
        if learner is None:
            raise UserError(f"找不到学员“{args.learner}”。" if args.learner else "还没有任何学员，无从导出。")
        data = export_progress(session, learner_id=learner.id, now=now)
    path = Path(args.path)
    if not path.parent.exists():
        raise UserError(f"目录不存在：{path.parent}")
    write_progress_file(data, path)
    print(f"已导出学员“{learner.name}”的学习记录：{len(data['review_logs'])}条复习记录，"
          f"{len(data['attempts'])}次测验，{len(data['wrong_answers'])}道错题。文件：{path}")
    return 0


def import_command(args: argparse.Namespace, context: AppContext) -> int:
    """Merge a learner's history from a JSON file (all or nothing)."""
    from study.transfer import import_progress, read_progress_file

    data = read_progress_file(Path(args.path))
    now = dt.datetime.now(dt.timezone.utc)
    factory = context.session_factory(now)
    with factory() as session, session.begin():
        report = import_progress(session, data, now=now)
    who = "新建学员" if report.learner_created else "学员"
    print(f"已导入{who}“{report.learner_name}”的学习记录：新增{report.review_logs}条复习记录、"
          f"{report.card_states}张卡片进度、{report.attempts}次测验、{report.wrong_answers}道错题。")
    if report.skipped_unknown_items:
        print(f"另有{report.skipped_unknown_items}条记录涉及本机题库中没有的题目或卡片，已跳过。")
    return 0
