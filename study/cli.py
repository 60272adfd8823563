"""Command-line sub-commands of the study engine (export-progress, import-progress)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError, os_error_text


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    export = subparsers.add_parser(
        "export-progress", help="导出一名学员的全部学习记录（JSON）",
        description="把一名学员的复习记录、卡片进度、测验和错题导出为一个文件，可在另一台电脑上用 import-progress 导入。",
        epilog="示例：python main.py export-progress 张三的学习记录.json --learner 张三",
    )
    export.add_argument("path", type=Path, metavar="文件", help="导出文件路径（.json）")
    export.add_argument("--learner", metavar="姓名", help="学员姓名（默认为当前学员）")
    export.set_defaults(handler=export_command)
    imported = subparsers.add_parser(
        "import-progress", help="导入学习记录（重复导入不会产生重复记录）",
        description="导入由 export-progress 导出的学习记录：没有该学员时新建，已有的记录不会重复；文件有误时整个文件不导入。",
        epilog="示例：python main.py import-progress 张三的学习记录.json",
    )
    imported.add_argument("path", type=Path, metavar="文件", help="由 export-progress 导出的文件")
    imported.set_defaults(handler=import_command)
    check = subparsers.add_parser(
        "check-db", help="检查数据库是否完好；损坏时可从最近的完好备份恢复",
        description="完整检查数据目录中的数据库，并列出每日备份（保留最近7份）。数据库损坏或丢失时，\n"
                    "加 --restore 用最近的完好备份恢复；损坏的文件改名保留，不会删除。巡学窗口运行时不能恢复。",
        epilog="示例：python main.py check-db\n      python main.py check-db --restore",
    )
    check.add_argument("--restore", action="store_true", help="数据库损坏时，用最近的完好备份恢复（损坏的文件会保留）")
    check.set_defaults(handler=check_command)


def export_command(args: argparse.Namespace, context: AppContext) -> int:
    """Write one learner's history to a JSON file."""
    from study.learners import active_learner, find_learner
    from study.progress_file import write_progress_file
    from study.transfer import export_progress

    now = dt.datetime.now(dt.timezone.utc)
    factory = context.session_factory()
    with factory() as session, session.begin():
        learner = find_learner(session, args.learner) if args.learner else active_learner(session)
        if learner is None:
            raise UserError(f"找不到学员“{args.learner}”。" if args.learner else "还没有任何学员，无从导出。")
        progress = export_progress(session, learner_id=learner.id, now=now)
    path = Path(args.path)
    if not path.parent.exists():
        raise UserError(f"目录不存在：{path.parent}")
    write_progress_file(progress, path)
    print(f"已导出学员“{learner.name}”的学习记录：{len(progress.review_logs)}条复习记录，"
          f"{len(progress.attempts)}次测验，{len(progress.wrong_answers)}道错题。文件：{path}")
    return 0


def import_command(args: argparse.Namespace, context: AppContext) -> int:
    """Merge a learner's history from a JSON file (all or nothing).

    A bad file is blamed on the file; a database that is locked, full or read-only is blamed on the database
    (the file was read and is fine), and nothing is stored either way.
    """
    from foundation.errors import database_failure
    from study.progress_file import read_progress_file
    from study.transfer import import_progress

    progress = read_progress_file(Path(args.path))
    now = dt.datetime.now(dt.timezone.utc)
    try:
        factory = context.session_factory()
        with factory() as session, session.begin():
            report = import_progress(session, progress, now=now)
    except UserError:
        raise
    except Exception as error:
        failure = database_failure(error)
        if failure is None:
            raise
        raise UserError(f"学习记录文件无误，但未能写入数据库，未导入任何记录：{failure}") from error
    who = "新建学员" if report.learner_created else "学员"
    print(f"已导入{who}“{report.learner_name}”的学习记录：新增{report.review_logs}条复习记录、"
          f"{report.card_states}张卡片进度、{report.attempts}次测验、{report.wrong_answers}道错题。")
    if report.exam_goal:
        print("考试计划（考试日期和目标记忆率）已随记录导入。")
    if report.skipped_unknown_items:
        print(f"另有{report.skipped_unknown_items}条记录涉及本机题库中没有的题目或卡片，已跳过。")
    return 0


def check_command(args: argparse.Namespace, context: AppContext) -> int:
    """Report the database's health and backups; with --restore, put the newest good backup in place."""
    from foundation.instance_lock import DataDirLock
    from study.backup import check_data_dir, list_backups, newest_good_backup, restore_backup
    from study.types import HealthStatus

    if not context.is_default_sqlite:
        raise UserError("只能检查数据目录中的 SQLite 数据库。")
    health = check_data_dir(context.data_dir)
    backups = list_backups(context.data_dir)
    print(f"数据库：{health.path}")
    print(f"状态：{health.message}")
    for detail in health.details[:5]:
        print(f"  {detail}")
    print(f"备份：{len(backups)}份" + (f"，最近一份为{backups[0].day:%Y年%m月%d日}" if backups else ""))
    if health.ok or health.status is HealthStatus.MISSING:
        return 0
    backup = newest_good_backup(context.data_dir)
    if backup is None:
        if health.status is HealthStatus.NOT_A_DATABASE:
            raise UserError(f"{health.message}没有可用的备份，巡学不会在其上重新建库；如确认从头开始，请删除该文件：{health.path}")
        raise UserError("数据库已损坏，且没有可用的完好备份。")
    if not args.restore:
        print(f"可用 --restore 从{backup.day:%Y年%m月%d日}的备份恢复。")
        return 1
    lock = DataDirLock(context.data_dir)
    try:
        if not lock.acquire():
            raise UserError("巡学正在另一个窗口中使用此数据目录，恢复会让它丢失正在保存的记录。请先关闭巡学窗口再恢复。")
        kept = restore_backup(context.data_dir, backup, now=dt.datetime.now(dt.timezone.utc))
    except OSError as error:
        raise UserError(f"无法恢复数据库：{os_error_text(error)}（{context.data_dir}）") from error
    finally:
        lock.release()
    if kept is None:
        print(f"已从{backup.day:%Y年%m月%d日}的备份恢复。")
    else:
        print(f"已从{backup.day:%Y年%m月%d日}的备份恢复。损坏的文件保留为：{kept}")
    return 0
