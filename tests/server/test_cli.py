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
