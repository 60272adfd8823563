"""What a command or the GUI needs to reach the data: the data directory and a lazily opened database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from foundation.data_dir import backups_dir, database_path, sqlite_url
from foundation.errors import EMPTY_DATABASE_FILE, MISSING_BESIDE_BACKUPS, UserError, os_error_text

Prepare = Callable[[sessionmaker[Session]], None]


@dataclass
class AppContext:
    """The data directory and database URL of this run; the database opens (and is migrated) on first use.

    `prepare` runs once, right after the database first opens: the launcher passes the step that fills a
    fresh database with the built-in material, which this layer cannot know about.
    """

    data_dir: Path
    db_url: str
    prepare: Prepare | None = None
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _factory: sessionmaker[Session] | None = field(default=None, init=False, repr=False)

    @property
    def is_default_sqlite(self) -> bool:
        """Whether the database is the SQLite file inside the data directory."""
        return self.db_url == sqlite_url(self.data_dir)

    def session_factory(self) -> sessionmaker[Session]:
        """The one sessionmaker of this run, opening and migrating the database on first use."""
        if self._factory is None:
            from foundation.database import open_database

            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # a file of that name, no permission, a read-only disk
                raise UserError(f"无法使用数据目录：{self.data_dir}（{os_error_text(error)}）") from error
            self._refuse_lost_database()
            self._engine, factory = open_database(self.db_url)
            if self.prepare is not None:
                self.prepare(factory)
            self._factory = factory
        return self._factory

    def _refuse_lost_database(self) -> None:
        """Never start afresh over a lost history: a missing file beside backups, or an emptied file, is damage.

        SQLite would create a missing database, or open a zero-byte file, as a new empty one and the app would
        start over it, and within a week of daily backups the good ones would be rotated out.
        """
        import sqlite3

        from sqlalchemy.exc import DatabaseError

        if not self.is_default_sqlite:
            return
        database = database_path(self.data_dir)
        backups = backups_dir(self.data_dir)
        has_backups = backups.is_dir() and any(backups.iterdir())
        if not database.exists() and has_backups:
            raise DatabaseError("open", None, sqlite3.DatabaseError(MISSING_BESIDE_BACKUPS))
        if database.is_file() and database.stat().st_size == 0:
            cause = "file is not a database (empty file beside backups)" if has_backups else EMPTY_DATABASE_FILE
            raise DatabaseError("open", None, sqlite3.DatabaseError(cause))

    def dispose(self) -> None:
        """Close every pooled connection."""
        if self._engine is not None:
            self._engine.dispose()
