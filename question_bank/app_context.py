"""What a command or the GUI needs to reach the data: the data directory and a lazily opened database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class UserError(Exception):
    """A problem to report to the user as one line of Chinese (exit code 2 on the command line)."""


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

            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._engine, self._factory = open_database(self.db_url)
            ensure_builtin_bank(self._factory, now or dt.datetime.now(dt.timezone.utc))
        return self._factory

    def dispose(self) -> None:
        """Close every pooled connection."""
        if self._engine is not None:
            self._engine.dispose()
