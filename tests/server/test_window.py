"""The window on a shared server: an unreachable server is said in Chinese; the status bar names the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from tests.pg_cluster import free_port
from tests.server.conftest import SharedServer
from ui.server_choice import choose_reachable_database, show_database


def test_an_unreachable_server_offers_the_local_database(qtbot: QtBot, data_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+psycopg://learner_x:secret-pw@127.0.0.1:{free_port()}/unit"
    asked: list[str] = []

    def answer(_parent: object, _title: str, message: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(message)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    context = AppContext(data_dir=data_dir, db_url=url)
    assert choose_reachable_database(context)
    assert "无法连接单位的共享数据库服务器" in asked[0] and "secret-pw" not in asked[0]
    assert context.db_url == sqlite_url(data_dir)  # the whole run is on the local database, and says so
    window = QMainWindow()
    qtbot.addWidget(window)
    assert show_database(window, context).text().startswith("数据库：本机数据库")

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    refused = AppContext(data_dir=data_dir, db_url=url)
    assert not choose_reachable_database(refused)
    assert refused.db_url == url


@pytest.mark.postgresql
def test_a_reachable_server_is_kept_and_named_in_the_status_bar(qtbot: QtBot, server: SharedServer,
                                                                data_dir: Path) -> None:
    context = AppContext(data_dir=data_dir, db_url=server.url())
    assert choose_reachable_database(context)
    window = QMainWindow()
    qtbot.addWidget(window)
    label = show_database(window, context).text()
    assert label.startswith("数据库：共享服务器 127.0.0.1") and server.database in label
    assert server.cluster.password not in label
