"""A lost or emptied database is never a silent fresh start: refused, reported, restorable, backups kept."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from foundation.data_dir import DB_FILENAME, sqlite_url
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from foundation.instance_lock import DataDirLock
from study.backup import check_data_dir, check_database, holds_history, list_backups, make_daily_backup
from study.types import HealthStatus
from tests.study.conftest import build_small_bank


def _database_with_history(data_dir: Path, now: dt.datetime) -> sessionmaker[Session]:
    """A data directory whose database holds a learner with one review (history worth keeping)."""
    from study.learners import create_learner
    from study.scheduling import review_flashcard
    from study.types import Rating

    data_dir.mkdir(parents=True)
    engine = make_engine(sqlite_url(data_dir))
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        bank = build_small_bank(s, now)
        learner = create_learner(s, "张三", now=now)
        review_flashcard(s, learner_id=learner.id, flashcard_id=bank.flashcard_ids[0], rating=Rating.GOOD, now=now)
    return factory


def test_a_missing_database_beside_backups_is_lost_not_fresh(tmp_path: Path, now: dt.datetime) -> None:
    data_dir = tmp_path / "data"
    factory = _database_with_history(data_dir, now)
    assert make_daily_backup(data_dir, now=now) is not None
    factory.kw["bind"].dispose()
    (data_dir / DB_FILENAME).unlink()
    health = check_data_dir(data_dir)
    assert health.status is HealthStatus.LOST and not health.ok and "备份" in health.message
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_data_dir(empty).status is HealthStatus.MISSING  # no backups either: a fresh start


def test_commands_refuse_a_missing_database_beside_backups_and_check_db_restores_it(
    tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    data_dir = tmp_path / "data"
    factory = _database_with_history(data_dir, now)
    assert make_daily_backup(data_dir, now=now) is not None
    factory.kw["bind"].dispose()
    (data_dir / DB_FILENAME).unlink()

    assert main(["--data-dir", str(data_dir), "bank-stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：找不到数据库文件，但数据目录中有备份") and "check-db --restore" in err and err.count("\n") == 1
    assert not (data_dir / DB_FILENAME).exists()  # no empty database was created over the lost one

    assert main(["--data-dir", str(data_dir), "check-db"]) == 1
    out = capsys.readouterr().out
    assert "找不到数据库文件，但数据目录中有备份" in out and "可用 --restore 从2026年11月27日的备份恢复" in out
    assert main(["--data-dir", str(data_dir), "check-db", "--restore"]) == 0
    assert "已从2026年11月27日的备份恢复" in capsys.readouterr().out
    assert check_database(data_dir / DB_FILENAME).ok and holds_history(data_dir / DB_FILENAME)


def test_a_zero_byte_database_without_backups_is_reported_not_reinitialised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"")
    assert main(["--data-dir", str(data_dir), "bank-stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：数据库文件是空的") and err.count("\n") == 1
    assert main(["--data-dir", str(data_dir), "check-db"]) == 2
    err = capsys.readouterr().err
    assert "数据库文件是空的" in err and "没有可用的备份" in err and str(data_dir / DB_FILENAME) in err
    assert (data_dir / DB_FILENAME).read_bytes() == b""


def test_rotation_keeps_the_newest_backup_with_history_when_only_fresh_databases_follow(
    tmp_path: Path, now: dt.datetime
) -> None:
    data_dir = tmp_path / "data"
    factory = _database_with_history(data_dir, now)
    history_backup = make_daily_backup(data_dir, now=now)
    assert history_backup is not None
    factory.kw["bind"].dispose()
    # The history is lost; every later daily start backs up a fresh database instead.
    (data_dir / DB_FILENAME).unlink()
    engine = make_engine(sqlite_url(data_dir))
    upgrade_to_head(engine)
    engine.dispose()
    for day in range(1, 10):
        make_daily_backup(data_dir, now=now + dt.timedelta(days=day))
    days = [b.day for b in list_backups(data_dir)]
    assert history_backup.day in days and len(days) == 8  # seven kept plus the last one with history
    assert holds_history(Path(history_backup.path))
    # Once a backup with history is among the seven kept, the old one rotates out as usual.
    factory = _database_with_history(tmp_path / "other", now)
    factory.kw["bind"].dispose()
    (data_dir / DB_FILENAME).write_bytes((tmp_path / "other" / DB_FILENAME).read_bytes())
    make_daily_backup(data_dir, now=now + dt.timedelta(days=10))
    assert len(list_backups(data_dir)) == 7 and history_backup.day not in [b.day for b in list_backups(data_dir)]


def test_check_db_restore_is_refused_while_a_window_holds_the_data_directory(
    tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    data_dir = tmp_path / "data"
    factory = _database_with_history(data_dir, now)
    assert make_daily_backup(data_dir, now=now) is not None
    factory.kw["bind"].dispose()
    database = data_dir / DB_FILENAME
    database.write_bytes(b"garbage" * 100)
    window = DataDirLock(data_dir)
    assert window.acquire()
    try:
        assert main(["--data-dir", str(data_dir), "check-db", "--restore"]) == 2
        err = capsys.readouterr().err
        assert "请先关闭巡学窗口" in err and err.count("\n") == 1
        assert database.read_bytes() == b"garbage" * 100  # nothing moved aside
    finally:
        window.release()
    assert main(["--data-dir", str(data_dir), "check-db", "--restore"]) == 0


def test_check_db_restore_into_an_unwritable_directory_is_one_chinese_line(
    tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from main import main

    data_dir = tmp_path / "data"
    factory = _database_with_history(data_dir, now)
    assert make_daily_backup(data_dir, now=now) is not None
    factory.kw["bind"].dispose()
    (data_dir / DB_FILENAME).write_bytes(b"garbage" * 100)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("study.backup.os.replace", refuse)
    assert main(["--data-dir", str(data_dir), "check-db", "--restore"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：无法恢复数据库：没有访问权限") and err.count("\n") == 1


def test_a_sound_database_in_a_read_only_directory_is_reported_sound(
    tmp_path: Path, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    _database_with_history(data_dir, now).kw["bind"].dispose()
    real_connect = sqlite3.connect

    def read_only_folder(database: str, *, uri: bool = False) -> sqlite3.Connection:
        if "immutable=1" not in database:  # what SQLite says when it cannot create the WAL index beside the file
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(database, uri=uri)

    monkeypatch.setattr("study.backup.sqlite3.connect", read_only_folder)
    health = check_database(data_dir / DB_FILENAME)
    assert health.ok, health


def test_only_one_holder_of_a_data_directory_lock(tmp_path: Path) -> None:
    first, second = DataDirLock(tmp_path), DataDirLock(tmp_path)
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
    second.release()
