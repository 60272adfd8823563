"""The window never starts afresh over a lost database, and damage found late still gets the restore dialog."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DatabaseError

import ui.app
from foundation.context import AppContext
from foundation.data_dir import DB_FILENAME, sqlite_url
from question_bank.builtin import builtin_context
from study import list_learners, make_daily_backup
from tests.conftest import FIXED_NOW
from ui.app import SingleInstance, ensure_sound_database


def _data_dir_with_learner_and_backup(tmp_path: Path) -> tuple[Path, AppContext]:
    from study import create_learner

    data_dir = tmp_path / "data"
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    with context.session_factory()() as session, session.begin():
        create_learner(session, "张三", now=FIXED_NOW)
    context.dispose()
    assert make_daily_backup(data_dir, now=FIXED_NOW) is not None
    return data_dir, builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)


def _answer_yes(asked: list[str]) -> object:
    """A stand-in for QMessageBox.question that notes the question and answers 是."""
    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    return question


def test_a_deleted_database_beside_backups_is_offered_for_restore(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, context = _data_dir_with_learner_and_backup(tmp_path)
    (data_dir / DB_FILENAME).unlink()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer_yes(asked))
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: QMessageBox.StandardButton.Ok)
    assert ensure_sound_database(context)
    assert "找不到数据库文件，但数据目录中有备份" in asked[0]
    with context.session_factory()() as session, session.begin():
        assert [learner.name for learner in list_learners(session)] == ["张三"]  # the history is back
    context.dispose()


def test_damage_found_after_the_database_opened_gets_the_restore_dialog(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, context = _data_dir_with_learner_and_backup(tmp_path)
    (data_dir / DB_FILENAME).write_bytes(b"\x00damaged" * 500)
    runs: list[int] = []

    def run_window(_app: QApplication, _context: AppContext, _instance: SingleInstance) -> int:
        runs.append(1)
        if len(runs) == 1:  # a page's first read hits the damaged pages
            raise DatabaseError("SELECT", None, sqlite3.DatabaseError("database disk image is malformed"))
        return 0

    asked: list[str] = []
    monkeypatch.setattr(ui.app, "_run_window", run_window)
    monkeypatch.setattr(QMessageBox, "question", _answer_yes(asked))
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: QMessageBox.StandardButton.Ok)
    instance = SingleInstance(data_dir)
    assert ui.app._run_window_offering_restore(qapp, context, instance) == 0
    assert len(runs) == 2 and asked and "备份" in asked[0]
    context.dispose()


def test_a_locked_database_found_late_is_explained_not_restored(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, context = _data_dir_with_learner_and_backup(tmp_path)

    def run_window(_app: QApplication, _context: AppContext, _instance: SingleInstance) -> int:
        raise DatabaseError("UPDATE", None, sqlite3.OperationalError("database is locked"))

    shown: list[str] = []
    monkeypatch.setattr(ui.app, "_run_window", run_window)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *_args: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: pytest.fail("no restore for a locked database"))
    assert ui.app._run_window_offering_restore(qapp, context, SingleInstance(data_dir)) == 2
    assert shown and "数据库正被占用" in shown[0]
    assert (data_dir / DB_FILENAME).stat().st_size > 0
    context.dispose()
