"""Tests for ui/app.py: one instance per data directory, damaged databases, the error hook, start-up to ready."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from foundation.data_dir import DB_FILENAME, ERROR_LOG_NAME, sqlite_url
from question_bank.builtin import builtin_context
from study import (
    DatabaseHealth,
    HealthStatus,
    create_learner,
    list_learners,
    make_daily_backup,
)
from tests.conftest import FIXED_NOW, REPO_ROOT
from ui.app import (
    ALREADY_RUNNING_MESSAGE,
    SingleInstance,
    check_in_background,
    ensure_sound_database,
    install_excepthook,
    open_checked,
)
from ui.operations import Operations


def _main(data_dir: Path, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.Popen([sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, cwd=REPO_ROOT)


def _with_learner(data_dir: Path) -> None:
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    with context.session_factory()() as session, session.begin():
        create_learner(session, "张三", now=FIXED_NOW)
    context.dispose()


@pytest.mark.slow
def test_second_start_hands_over_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = SingleInstance(data_dir)
    assert first.acquire()
    try:
        second = _main(data_dir)
        with qtbot.waitSignal(first.activation_requested, timeout=30000):
            pass
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        _out, err = second.communicate()
        assert second.returncode == 0 and ALREADY_RUNNING_MESSAGE in err
        assert not (data_dir / DB_FILENAME).exists()  # the second copy never touched the database
        other = SingleInstance(data_dir)
        assert not other.acquire()
    finally:
        first.release()
    again = SingleInstance(data_dir)
    assert again.acquire()
    again.release()


@pytest.mark.slow
def test_start_up_reaches_the_home_page(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _with_learner(data_dir)
    process = _main(data_dir, XUNXUE_EXIT_WHEN_READY="1")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "ready"
    assert (data_dir / "settings.ini").exists()  # geometry remembered on close


def test_damaged_database_is_restored_from_backup_only_when_asked(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    _with_learner(data_dir)
    assert make_daily_backup(data_dir, now=FIXED_NOW) is not None
    (data_dir / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    questions: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def ask(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
            questions.append(text)
            return reply
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not ensure_sound_database(context)
    assert "备份" in questions[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: QMessageBox.StandardButton.Ok)
    assert ensure_sound_database(context)
    with context.session_factory()() as session, session.begin():
        assert [learner.name for learner in list_learners(session)] == ["张三"]
    context.dispose()
    assert any(path.name.startswith(DB_FILENAME) and "damaged" in path.name for path in data_dir.iterdir())


def test_damaged_database_without_backup_refuses_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"garbage" * 1000)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert not ensure_sound_database(builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW))
    assert "没有找到可用的备份" in shown[0]
    assert (data_dir / DB_FILENAME).read_bytes() == b"garbage" * 1000


def test_unexpected_errors_are_logged_and_shown_in_chinese(qapp: object, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def show(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(tmp_path)
    try:
        raise ValueError("测试错误")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert shown and shown[0].startswith("程序遇到了一个意外错误：测试错误")
    log = (tmp_path / ERROR_LOG_NAME).read_text(encoding="utf-8")
    assert "ValueError: 测试错误" in log and "Traceback" in log


@pytest.mark.parametrize("damaged_bytes", [b"\0" * 4096, b""], ids=["zeroed", "emptied"])
def test_a_file_that_will_not_open_is_restored_before_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 damaged_bytes: bytes) -> None:
    data_dir = tmp_path / "data"
    _with_learner(data_dir)
    assert make_daily_backup(data_dir, now=FIXED_NOW) is not None
    (data_dir / DB_FILENAME).write_bytes(damaged_bytes)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: QMessageBox.StandardButton.Ok)
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = open_checked(context, settings)
    assert ctx is not None
    with ctx.session_factory() as session, session.begin():
        assert [learner.name for learner in list_learners(session)] == ["张三"]
    context.dispose()


def test_damage_found_after_start_offers_the_backup(qtbot: QtBot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    _with_learner(data_dir)
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    window = QWidget()
    qtbot.addWidget(window)
    ops = Operations(context.session_factory(), lambda _changes: None)
    task = check_in_background(context, ops, window)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert task.result is not None and task.result.ok
    assert len(list((data_dir / "backups").iterdir())) == 1  # today's backup, once the file checked sound

    damaged = DatabaseHealth(HealthStatus.CORRUPT, "数据库完整性检查未通过，文件已损坏。", str(data_dir / DB_FILENAME))
    monkeypatch.setattr("study.check_database", lambda _path: damaged)
    asked: list[str] = []

    def ask(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", ask)
    task = check_in_background(context, ops, window)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert task.result is damaged and len(asked) == 1 and "是否用最近的完好备份" in asked[0]
    ops.wait_for_done()
    context.dispose()


def test_the_crash_dialog_says_the_record_is_saved_only_when_no_database_write_failed(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    shown: list[str] = []

    def show(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(tmp_path)
    full = OperationalError("INSERT INTO attempt_items", {}, sqlite3.OperationalError("database or disk is full"))
    try:
        raise full
    except OperationalError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    try:  # a failed write behind another error (raised while handling it) counts too
        try:
            raise full
        except OperationalError as inner:
            raise RuntimeError("页面刷新失败") from inner
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    try:
        raise KeyError("某个页面的错误")
    except KeyError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    disk_full, wrapped, other = shown
    for text in (disk_full, wrapped):
        assert "您的学习记录已经保存" not in text
        assert text.startswith("刚才的操作未能保存到数据库：磁盘已满，无法写入数据库") and "最后一次作答或复习没有记录" in text
    assert "您的学习记录已经保存" in other
