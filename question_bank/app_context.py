"""What a command or the GUI needs to reach the data: the data directory and a lazily opened database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class UserError(Exception):
    """A problem to report to the user as one line of Chinese (exit code 2 on the command line)."""


_OS_ERROR_TEXT = {
    "ENOENT": "找不到该文件或文件夹",
    "EACCES": "没有访问权限",
    "EPERM": "没有访问权限",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一项不是文件夹",
    "EEXIST": "已有同名文件",
    "ENOSPC": "磁盘已满",
    "EROFS": "磁盘是只读的",
    "ENAMETOOLONG": "文件名过长",
    "EBUSY": "文件正被占用",
}


def os_error_text(error: OSError) -> str:
    """What went wrong with a file, in Chinese (the system's own words are often English)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_ERROR_TEXT.get(name) or error.strerror or str(error)


def database_failure(error: BaseException) -> UserError | None:
    """A database that cannot be read or written, as one line of Chinese; None for any other error."""
    from sqlalchemy.exc import DatabaseError

    if not isinstance(error, DatabaseError):
        return None
    detail = str(error.orig).lower()
    if "malformed" in detail or "not a database" in detail:
        return UserError("数据库文件已损坏，无法读取，本次操作未执行。"
                         "请运行“python main.py check-db --restore”从最近的完好备份恢复。")
    if "locked" in detail or "busy" in detail:
        return UserError("数据库正被占用（可能另一个巡学窗口正在运行），请关闭后再试。")
    if "full" in detail:
        return UserError("磁盘已满，无法写入数据库，本次操作未执行。")
    if "readonly" in detail or "unable to open" in detail:
        return UserError("无法打开或写入数据库文件，请检查数据目录的权限。")
    return UserError(f"数据库出错，本次操作未执行（{error.orig}）。")


@dataclass
class AppContext:
    """The data directory and database URL of this run; the database opens on first use."""

    data_dir: Path
    db_url: str
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _factory: sessionmaker[Session] | None = field(default=None, init=False, repr=False)

    @property
    def is_default_sqlite(self) -> bool:
        """Whether the database is the SQLite file inside the data directory."""
        from question_bank.database import sqlite_url

        return self.db_url == sqlite_url(self.data_dir)

    def session_factory(self, now: dt.datetime | None = None) -> sessionmaker[Session]:
        """Open the database (migrating it, and filling a fresh one with the built-in bank)."""
        if self._factory is None:
            from question_bank.database import open_database
            from question_bank.builtin import ensure_builtin_bank

            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # a file of that name, no permission, a read-only disk
                raise UserError(f"无法使用数据目录：{self.data_dir}（{os_error_text(error)}）") from error
            self._refuse_emptied_database()
            self._engine, self._factory = open_database(self.db_url)
            ensure_builtin_bank(self._factory, now or dt.datetime.now(dt.timezone.utc))
        return self._factory

    def _refuse_emptied_database(self) -> None:
        """An empty database file beside backups is a lost history, not a fresh start: report it as damaged.

        SQLite would open a zero-byte file as a new, empty database and the app would start over it.
        """
        import sqlite3

        from question_bank.database import DB_FILENAME
        from sqlalchemy.exc import DatabaseError

        database = self.data_dir / DB_FILENAME
        backups = self.data_dir / "backups"  # study.backup.BACKUP_DIRNAME (the core bank cannot import study)
        if not self.is_default_sqlite or not database.is_file() or database.stat().st_size > 0:
            return
        if backups.is_dir() and any(backups.iterdir()):
            raise DatabaseError("open", None, sqlite3.DatabaseError("file is not a database (empty file beside backups)"))

    def dispose(self) -> None:
        """Close every pooled connection."""
        if self._engine is not None:
            self._engine.dispose()
