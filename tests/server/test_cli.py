"""init-server, add-learner and use-server from the command line, against the real server."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from foundation.database import make_engine
from tests.pg_cluster import Cluster
from tests.server.conftest import Login, SharedServer

pytestmark = pytest.mark.postgresql


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, url: str, *args: str) -> tuple[int, str]:
    code = main.main(["--data-dir", str(data_dir), "--db", url, *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_init_server_prepares_an_empty_database_once_and_says_so(pg_cluster: Cluster, data_dir: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    admin = make_engine(pg_cluster.url().render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE DATABASE empty_unit"))
    admin.dispose()
    url = pg_cluster.url("empty_unit").render_as_string(hide_password=False)
    caplog.set_level(logging.DEBUG)
    code, said = run(capsys, data_dir, url, "init-server")
    assert code == 0
    assert "新建至版本" in said and "内置学习材料：已导入" in said and "行级安全策略" in said
    assert pg_cluster.password not in said and "***" in said
    code, said = run(capsys, data_dir, url, "init-server")
    assert code == 0 and "已是最新，未作任何改动" in said
    assert pg_cluster.password not in caplog.text

    import os
    os.environ["XUNXUE_NEW_PASSWORD"] = "a-long-password"
    try:
        code, said = run(capsys, data_dir, url, "add-learner", "张三", "--unit", "第一巡视组", "--login", "zhangsan_cli")
    finally:
        del os.environ["XUNXUE_NEW_PASSWORD"]
    assert code == 0 and "登录名 zhangsan_cli" in said and "a-long-password" not in said
    code, said = run(capsys, data_dir, url, "add-learner", "李四", "--login", "lisi_cli")
    password = said.split("：")[-1].strip()
    assert code == 0 and "只显示这一次" in said and len(password) >= 16
    server = SharedServer(pg_cluster, "empty_unit", make_engine(url))
    try:
        with server.factory(Login("lisi_cli", password, None))() as session:  # the printed password works
            assert session.execute(text("SELECT name FROM learners")).scalars().all() == ["李四"]
            assert session.execute(text("SELECT count(*) FROM questions")).scalar_one() > 0
    finally:
        server.close()
    code, said = run(capsys, data_dir, url, "add-learner", "王五", "--login", "zhangsan_cli")
    assert code == 2 and "已有登录名" in said


def test_use_server_saves_the_address_without_a_password(server: SharedServer, data_dir: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    local = f"sqlite:///{data_dir / 'x.sqlite3'}"
    code, said = run(capsys, data_dir, local, "use-server", server.url())
    assert code == 2 and "不要写密码" in said
    bare = server.url().replace(f":{server.cluster.password}@", "@")
    code, said = run(capsys, data_dir, local, "use-server", bare)
    assert code == 0 and "本机今后使用共享数据库" in said
    args = main.build_parser().parse_args(["--data-dir", str(data_dir)])
    assert main.make_context(args).db_url == bare
    code, said = run(capsys, data_dir, local, "use-server", "--local")
    assert main.make_context(args).db_url.startswith("sqlite")


OLD_SERVER_SQL = Path(__file__).resolve().parent / "data" / "server_2026_12_01.sql"  # as the first release left it


def test_init_server_upgrades_a_server_of_the_first_release_says_what_it_changed_and_then_nothing(
    pg_cluster: Cluster, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from foundation.database import make_session_factory
    from study.shared_exam import ExamClock, new_answer, save_answer, start_shared_sitting
    from tests.conftest import fresh_pg_database
    from tests.server.test_roles import NOW
    from tests.study.conftest import build_small_bank

    url = fresh_pg_database(pg_cluster)
    old = make_engine(url)
    with old.begin() as connection:  # the first release's server objects, and a paper it published
        connection.exec_driver_sql(OLD_SERVER_SQL.read_text(encoding="utf-8").replace("%", "%%"))
        connection.execute(text(
            "INSERT INTO published_papers (paper_uid, title, time_limit_s, pass_mark, max_score) "
            "VALUES ('old-paper', '旧版发布的试卷', 600, 0.6, 1)"))
        connection.execute(text(
            "INSERT INTO paper_questions (paper_uid, question_key, position, type, stem, topic, points) "
            "VALUES ('old-paper', 'q001', 0, 'blank', '警告处分期间为（  ）。', '处分', 1)"))
        connection.execute(text(
            "INSERT INTO paper_keys (paper_uid, question_key, answer) VALUES ('old-paper', 'q001', '[[\"六个月\"]]')"))
    with make_session_factory(old)() as session, session.begin():
        build_small_bank(session, NOW)  # some material, so that no built-in bank is imported
    old.dispose()

    code, said = run(capsys, data_dir, url, "init-server")
    assert code == 0, said
    lines = [line.strip() for line in said.splitlines()]
    assert "已是最新" not in said
    assert any(line.startswith("新建列：") and "paper_keys.accepted" in line and "published_papers.unit" in line
               and "paper_questions.choices" in line for line in lines)
    assert any(line.startswith("新建函数：") and "xunxue_my_papers()" in line for line in lines)
    assert any(line.startswith("删除函数：") and "xunxue_score(question_type text, key jsonb, given jsonb)" in line
               for line in lines)
    assert any(line.startswith("新建行级安全策略：") and "exam_goals.learner_own" in line
               and "published_papers.learner_unit" in line for line in lines)
    assert any(line.startswith("更新表：") and "exam_goals（权限或行级安全）" in line for line in lines)
    assert "已发布试卷：为1道填空题补充服务器评分用的等价写法（如“六个月”与“6个月”）" in lines
    code, said = run(capsys, data_dir, url, "init-server")
    assert code == 0 and "已是最新，未作任何改动" in said

    # The paper published before the upgrade is graded as the Python grader would: 6个月 is 六个月.
    server = SharedServer(pg_cluster, url.rsplit("/", 1)[1], make_engine(url))
    try:
        login = server.add_login("张三")
        with server.factory(login)() as session, session.begin():
            sitting = start_shared_sitting(session, "old-paper")
            answer = new_answer(sitting.sitting_id, "q001", ["6个月"], blank=True,
                                answered_at=ExamClock(sitting.server_now, 0.0).now(0.0))
            assert save_answer(session, answer) == "stored"
        with server.factory()() as session:
            assert session.execute(text("SELECT score FROM exam_answers")).scalar_one() == 1.0
    finally:
        server.close()


def test_describe_changes_names_each_object_once_and_leaves_out_a_new_tables_columns() -> None:
    from foundation.server import describe_changes, group_changes

    before = {("table", "a"): "f:", ("column", "a.x"): "int:", ("function", "f()"): "1"}
    after = {("table", "a"): "t:", ("column", "a.x"): "int:", ("column", "a.y"): "text:", ("table", "b"): "t:",
             ("column", "b.z"): "int:"}
    assert describe_changes(before, after) == ["新建列：a.y", "删除函数：f()", "更新表：a（权限或行级安全）", "新建表：b"]
    assert describe_changes(after, after) == []
    assert group_changes(["新建表：a", "新建列：a.y", "新建表：b"]) == ["新建表：a、b", "新建列：a.y"]


def test_publish_paper_to_one_unit(server: SharedServer, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    from tests.server.test_roles import NOW
    from tests.study.conftest import build_small_bank
    from trainer.papers import assemble_fixed_paper

    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
        paper = assemble_fixed_paper(session, title="第二巡视组测试", question_ids=bank.question_ids[:3],
                                     time_limit_s=600, pass_mark=0.6, shuffle=False, now=NOW, rng=random.Random(1))
    code, said = run(capsys, data_dir, server.url(), "publish-paper", paper.uid, "--unit", "第二巡视组")
    assert code == 0 and "试卷“第二巡视组测试”已发布给第二巡视组的学员。" in said
    code, said = run(capsys, data_dir, server.url(), "publish-paper", paper.uid)
    assert code == 0 and "此前已发布，未作改动" in said
    with server.factory()() as session:
        assert session.execute(text("SELECT unit FROM published_papers")).scalar_one() == "第二巡视组"
