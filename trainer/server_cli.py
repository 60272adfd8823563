"""Command-line sub-commands for a unit's shared PostgreSQL server: init-server, add-learner, publish-paper, use-server..."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError

PASSWORD_ENV = "XUNXUE_NEW_PASSWORD"  # scripts: the new login's password (else one is generated and shown once)


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    init = subparsers.add_parser(
        "init-server", help="准备单位共享的 PostgreSQL 数据库（表、内置学习材料、角色、权限）",
        description="在一个空的 PostgreSQL 数据库中建立巡学的表、内置学习材料、学员与培训管理员角色、行级安全策略和评分函数，\n"
                    "并报告做了什么；升级巡学后再次运行，把已有的数据库升级到新版本（新表、新列、函数、权限、策略），\n"
                    "逐项报告改动；没有需要改动的就不作改动。用 --db 指定数据库（以管理员登录）。",
        epilog="示例：python main.py --db postgresql+psycopg://xunxue_admin@xunxue-server:5432/xunxue init-server",
    )
    init.set_defaults(handler=init_server_command)
    for command, help_text, handler in (
        ("add-learner", "在共享数据库中添加学员（建立其数据库登录名和密码）", add_learner_command),
        ("add-trainer", "在共享数据库中添加培训管理员（可查看全部成绩、编辑题库）", add_trainer_command),
    ):
        parser = subparsers.add_parser(
            command, help=help_text,
            description=help_text + "。密码自动生成并只显示一次（或用 --prompt 自己输入）。",
            epilog=f"示例：python main.py --db postgresql+psycopg://xunxue_admin@xunxue-server:5432/xunxue {command} 张三 --unit 第一巡视组",
        )
        parser.add_argument("name", metavar="姓名", help="姓名")
        parser.add_argument("--unit", default="", metavar="单位", help="所在单位")
        parser.add_argument("--login", metavar="登录名", help="数据库登录名（小写字母、数字、下划线；默认自动生成）")
        parser.add_argument("--prompt", action="store_true", help="输入密码，而不是自动生成")
        parser.set_defaults(handler=handler)
    publish = subparsers.add_parser(
        "publish-paper", help="把本库中的试卷发布到共享数据库供学员作答（答案只留在服务器上）",
        description="把共享数据库中已组好的试卷发布给学员：学员在各自电脑上作答，服务器按只有它能读的答案评分。",
        epilog="示例：python main.py --db postgresql+psycopg://xunxue_admin@xunxue-server:5432/xunxue publish-paper 3f2a…",
    )
    publish.add_argument("paper_uid", metavar="试卷编号", help="试卷编号")
    publish.add_argument("--unit", metavar="单位", help="只发布给这个单位的学员（不写则发布给全部学员）")
    publish.set_defaults(handler=publish_command)
    live = subparsers.add_parser(
        "live-results", help="从共享数据库读取一份试卷的实时成绩",
        description="列出一份已发布试卷在共享数据库中的作答情况：谁在作答、谁已交卷、得分。",
        epilog="示例：python main.py --db postgresql+psycopg://xunxue_admin@xunxue-server:5432/xunxue live-results 3f2a…",
    )
    live.add_argument("paper_uid", metavar="试卷编号", help="试卷编号")
    live.set_defaults(handler=live_results_command)
    use = subparsers.add_parser(
        "use-server", help="让本机今后使用共享数据库（地址不含密码），或用 --local 改回本机数据库",
        description="把共享数据库的地址保存在本机设置中（不保存密码，启动时询问），以后不带 --db 也使用它。",
        epilog="示例：python main.py use-server postgresql+psycopg://learner_7@xunxue-server:5432/xunxue\n"
               "      python main.py use-server --local",
    )
    use.add_argument("url", nargs="?", metavar="地址", help="postgresql+psycopg://登录名@服务器:5432/数据库名")
    use.add_argument("--local", action="store_true", help="改回本机数据库")
    use.set_defaults(handler=use_server_command)


def _require_postgresql(context: AppContext) -> None:
    from foundation.server import is_postgresql

    if not is_postgresql(context.db_url):
        raise UserError("此命令需要共享的 PostgreSQL 数据库：请用 --db postgresql+psycopg://用户名@服务器/数据库 指定。")


def init_server_command(args: argparse.Namespace, context: AppContext) -> int:
    """Prepare an empty (or earlier) server database; say what was done, or that nothing needed doing."""
    from sqlalchemy import select

    from foundation.database import SCHEMA_HEAD, current_revision, make_engine, upgrade_to_head
    from foundation.server import apply_server_objects, group_changes, safe_url
    from trainer.live_results import backfill_accepted_forms
    from question_bank.builtin import build_builtin_bank
    from question_bank.models import DocumentRow
    from foundation.database import make_session_factory

    _require_postgresql(context)
    engine = make_engine(context.db_url)
    try:
        done: list[str] = []
        before = current_revision(engine)
        if before != SCHEMA_HEAD:
            upgrade_to_head(engine)
            done.append(f"数据库结构：{'新建' if before is None else '由版本' + before + '升级'}至版本{SCHEMA_HEAD}")
        factory = make_session_factory(engine)
        with factory() as session, session.begin():
            if session.scalars(select(DocumentRow.id).limit(1)).first() is None:
                build_builtin_bank(session, now=dt.datetime.now(dt.timezone.utc))
                done.append("内置学习材料：已导入")
        changes = apply_server_objects(engine)
        if changes:
            done.append("角色（xunxue_learner、xunxue_trainer）、行级安全策略、权限和评分函数：")
            done.extend(f"    {line}" for line in group_changes(changes))
        with factory() as session, session.begin():
            filled = backfill_accepted_forms(session)
        if filled:
            done.append(f"已发布试卷：为{filled}道填空题补充服务器评分用的等价写法（如“六个月”与“6个月”）")
        where = safe_url(context.db_url)
        if not done:
            print(f"{where}：已是最新，未作任何改动。")
        else:
            print(f"{where}：")
            for line in done:
                print(f"  {line}")
    finally:
        engine.dispose()
    return 0


def _new_login(args: argparse.Namespace, context: AppContext, *, trainer: bool) -> int:
    from sqlalchemy import text

    from foundation.database import make_engine, make_session_factory
    from foundation.server import LEARNER_GROUP, TRAINER_GROUP, create_login_role, new_password
    from study.learners import create_learner

    _require_postgresql(context)
    password = os.environ.get(PASSWORD_ENV)
    shown = False
    if password is None and args.prompt:
        password = getpass.getpass("新密码：")
        if password != getpass.getpass("再输入一次：") or len(password) < 8:
            raise UserError("两次输入的密码不一致，或密码少于8个字符。")
    if password is None:
        password, shown = new_password(), True
    engine = make_engine(context.db_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            if not trainer and session.execute(text("SELECT to_regclass('server_learners')")).scalar() is None:
                raise UserError("请先运行 init-server 准备共享数据库。")
            now = dt.datetime.now(dt.timezone.utc)
            learner_id = None if trainer else int(create_learner(session, args.name, now=now, unit=args.unit).id)
            login = args.login or (f"trainer_{os.urandom(3).hex()}" if trainer else f"learner_{learner_id}")
            create_login_role(session.connection(), login, password, group=TRAINER_GROUP if trainer else LEARNER_GROUP)
            if learner_id is not None:
                session.execute(text("INSERT INTO server_learners (role_name, learner_id) VALUES (:role, :id)"),
                                {"role": login, "id": learner_id})
    finally:
        engine.dispose()
    who = "培训管理员" if trainer else "学员"
    print(f"已添加{who}“{args.name}”：登录名 {login}")
    if shown:  # shown once, on the terminal only; never logged
        print(f"初始密码（只显示这一次，请转交本人）：{password}", file=sys.stdout)
    return 0


def add_learner_command(args: argparse.Namespace, context: AppContext) -> int:
    """Create a learner row and a login role linked to it."""
    return _new_login(args, context, trainer=False)


def add_trainer_command(args: argparse.Namespace, context: AppContext) -> int:
    """Create a trainer's login role."""
    return _new_login(args, context, trainer=True)


def publish_command(args: argparse.Namespace, context: AppContext) -> int:
    """Publish a stored paper on the shared server."""
    from trainer.live_results import publish_paper
    from trainer.papers import get_paper

    _require_postgresql(context)
    with context.session_factory()() as session, session.begin():
        paper = get_paper(session, args.paper_uid)
        if paper is None:
            raise UserError("本库中没有这份试卷。")
        published = publish_paper(session, paper, unit=args.unit)
    to_whom = f"给{args.unit}的学员" if args.unit else "给全部学员"
    print(f"试卷“{paper.title}”{'已发布' + to_whom if published else '此前已发布，未作改动'}。")
    return 0


def live_results_command(args: argparse.Namespace, context: AppContext) -> int:
    """Print the live tally of a published paper, one learner a line."""
    from foundation.clock import local_text
    from trainer.live_results import live_sittings

    _require_postgresql(context)
    with context.session_factory()() as session:
        sittings = live_sittings(session, args.paper_uid)
    if not sittings:
        print("还没有学员开始这份试卷。")
    for s in sittings:
        state = "未交卷" if s.submitted_at is None else ("及格" if s.passed else "不及格")
        print(f"{s.learner_unit}\t{s.learner_name}\t已答{s.answered}题\t{s.score:g}/{s.max_score:g}分\t{state}"
              f"\t开始于{local_text(s.started_at)}")
    return 0


def use_server_command(args: argparse.Namespace, context: AppContext) -> int:
    """Save (or forget) the shared server this PC uses when started without --db."""
    from foundation.server import safe_url, save_server_url, unreachable_reason

    if args.local or not args.url:
        save_server_url(context.data_dir, None)
        print("本机今后使用本机数据库。")
        return 0
    save_server_url(context.data_dir, args.url)
    reason = unreachable_reason(args.url)
    print(f"本机今后使用共享数据库：{safe_url(args.url)}")
    if reason is not None:
        print(f"注意：现在无法连接该服务器：{reason}")
    return 0
