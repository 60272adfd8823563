"""巡学 launcher: parse arguments, find the data directory, then start the GUI or run a command."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foundation.context import AppContext

APP_NAME = "Xunxue"
# Commands that change or reveal the bank, make papers or collect results: they need the trainer password.
TRAINER_COMMANDS = frozenset({"import-doc", "bank-stats", "export-bank", "import-bank", "make-paper", "print-paper",
                              "collect-results", "readiness-report", "make-roster", "publish-paper",
                              "live-results"})
DATA_DIR_ENV = "XUNXUE_DATA_DIR"


def default_data_dir() -> Path:
    """The platform's per-user application data folder (Qt's standard paths, no QApplication needed)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".xunxue"


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line: global options, then one sub-command per task (none starts the GUI).

    Without `commands`, only the global options: enough to start the window, without importing every
    command's module on the way.
    """
    from foundation.command_line import ChineseArgumentParser

    parser = ChineseArgumentParser(
        prog="main.py",
        description="巡学：《中国共产党巡视工作条例》学习与测验。\n"
                    "不带命令运行时打开学习窗口；下列命令都在命令行中完成，不会打开窗口。",
        epilog="示例：python main.py                      打开学习窗口\n"
               "      python main.py check-db             检查数据库\n"
               "      python main.py 命令 --help          查看某个命令的说明",
    )
    parser.add_argument("--data-dir", type=Path, metavar="目录",
                        help=f"数据目录（默认取环境变量 {DATA_DIR_ENV}，否则为系统的用户数据目录）")
    parser.add_argument("--db", metavar="URL", help="数据库 URL（默认为数据目录中的 SQLite 文件）")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    from question_bank import cli as bank_cli
    from study import cli as study_cli
    from study import exam_cli
    from trainer import cli as trainer_core_cli
    from trainer import server_cli
    from ui import cli as ui_cli
    from ui import trainer_cli

    subparsers = parser.add_subparsers(dest="command", metavar="命令", title="命令",
                                       help="不带命令时打开学习窗口；每个命令的用法见“python main.py 命令 --help”")
    bank_cli.register(subparsers)
    study_cli.register(subparsers)
    trainer_core_cli.register(subparsers)
    exam_cli.register(subparsers)
    server_cli.register(subparsers)
    trainer_cli.register(subparsers)
    ui_cli.register(subparsers)
    return parser


def _utc_now() -> dt.datetime:
    """The launcher's clock: the time a fresh database's built-in material is stamped with."""
    return dt.datetime.now(dt.timezone.utc)


def make_context(args: argparse.Namespace) -> AppContext:
    """Resolve --data-dir / XUNXUE_DATA_DIR / the default folder and --db into an AppContext."""
    from foundation.data_dir import sqlite_url
    from question_bank.builtin import builtin_context

    env_dir = os.environ.get(DATA_DIR_ENV)
    data_dir = args.data_dir or (Path(env_dir) if env_dir else default_data_dir())
    data_dir = data_dir.expanduser().resolve()
    from foundation.server import saved_server_url

    db_url = args.db or saved_server_url(data_dir) or sqlite_url(data_dir)  # --db, else `use-server`'s choice
    return builtin_context(data_dir=data_dir, db_url=db_url, clock=_utc_now)


def check_trainer_password(context: AppContext) -> None:
    """Ask for the trainer password (environment variable, else a prompt on a terminal) once one is set."""
    import getpass

    from trainer.auth import PASSWORD_ENV, has_trainer_password, require_trainer_password

    with context.session_factory()() as session:
        if not has_trainer_password(session):
            return
        supplied = os.environ.get(PASSWORD_ENV)
        if supplied is None and sys.stdin is not None and sys.stdin.isatty():
            supplied = getpass.getpass("培训管理密码：")
        require_trainer_password(session, supplied)


def main(argv: list[str] | None = None) -> int:
    """Run one command (exit code 0 on success, 2 on a user error) or the GUI."""
    from foundation.errors import UserError, database_failure

    given = sys.argv[1:] if argv is None else argv
    args, rest = build_parser(commands=False).parse_known_args(given) if not {"-h", "--help"} & set(given) else (None, given)
    if args is None or rest:  # a command (or help): the full parser, with every command's module
        args = build_parser().parse_args(given)
    context = make_context(args)
    try:
        if args.command is None:
            from ui.app import run_gui

            return run_gui(context)  # it turns the garbage collector back on once the window is up
        gc.enable()
        if args.command in TRAINER_COMMANDS:
            check_trainer_password(context)
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
