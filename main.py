"""巡学 launcher: parse arguments, find the data directory, then start the GUI or run a command."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from question_bank.app_context import AppContext

APP_NAME = "Xunxue"
DATA_DIR_ENV = "XUNXUE_DATA_DIR"


def default_data_dir() -> Path:
    """The platform's per-user application data folder (Qt's standard paths, no QApplication needed)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".xunxue"


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options, then one sub-command per task (none starts the GUI)."""
    from question_bank import cli as bank_cli
    from study import cli as study_cli
    from study import exam_cli
    from ui import cli as ui_cli
    from ui import trainer_cli

    parser = argparse.ArgumentParser(prog="main.py", description="巡学：《中国共产党巡视工作条例》学习与测验")
    parser.add_argument("--data-dir", type=Path, help=f"数据目录（默认取环境变量 {DATA_DIR_ENV}，否则为系统的用户数据目录）")
    parser.add_argument("--db", help="数据库 URL（默认为数据目录中的 SQLite 文件）")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    bank_cli.register(subparsers)
    study_cli.register(subparsers)
    exam_cli.register(subparsers)
    trainer_cli.register(subparsers)
    ui_cli.register(subparsers)
    return parser


def make_context(args: argparse.Namespace) -> AppContext:
    """Resolve --data-dir / XUNXUE_DATA_DIR / the default folder and --db into an AppContext."""
    from question_bank.app_context import AppContext
    from question_bank.database import sqlite_url

    env_dir = os.environ.get(DATA_DIR_ENV)
    data_dir = args.data_dir or (Path(env_dir) if env_dir else default_data_dir())
    data_dir = data_dir.expanduser().resolve()
    return AppContext(data_dir=data_dir, db_url=args.db or sqlite_url(data_dir))


def main(argv: list[str] | None = None) -> int:
    """Run one command (exit code 0 on success, 2 on a user error) or the GUI."""
    from question_bank.app_context import UserError, database_failure

    parser = build_parser()
    args = parser.parse_args(argv)
    context = make_context(args)
    try:
        if args.command is None:
            from ui.app import run_gui

            return run_gui(context)  # it turns the garbage collector back on once the window is up
        gc.enable()
        return int(args.handler(args, context))
    except UserError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except Exception as error:
        failure = database_failure(error)  # a damaged or locked database file, as one line of Chinese
        if failure is None:
            raise
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    finally:
        context.dispose()


if __name__ == "__main__":
    # Start-up allocates many long-lived objects (modules, mappers, widgets) and no cycles worth
    # collecting: collect nothing until the window is up, then freeze what start-up built so that
    # neither later collections nor the exit walk over it again.
    gc.disable()
    exit_code = main()
    gc.freeze()
    sys.exit(exit_code)
