"""The shared SQLAlchemy base and column types, engine set-up and schema migrations for the whole app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, inspect, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

SCHEMA_HEAD = "0007"  # the newest migration; a test checks it against Alembic's script directory
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by the bank, study and trainer tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime column; SQLite's naive values come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


# A shared server out of reach is said within seconds, not after the operating system's TCP timeouts (minutes):
# connecting gives up after 10 s, and a connection whose sent data goes unacknowledged for 20 s is dropped.
PG_CONNECT_ARGS = {"connect_timeout": 10, "tcp_user_timeout": 20_000}


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, synchronous=NORMAL, foreign keys and a busy timeout; PostgreSQL
    gets bounded waits on a network that has gone away (PG_CONNECT_ARGS)."""
    is_sqlite = url.startswith("sqlite")
    # hide_parameters: a failed statement's values (a password hash, a learner's answers) never reach an
    # exception message, and so never error.log or the crash dialog.
    connect_args: dict[str, Any] = {"timeout": 10} if is_sqlite else dict(PG_CONNECT_ARGS)
    engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """The one sessionmaker of the process; callers own each session (one per user action)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine, metadata: MetaData | None = None) -> Any:
    """An Alembic configuration that runs the migrations shipped inside this package.

    `metadata` (all models' tables) is needed only to autogenerate a new revision.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser reads % as interpolation: a password with URL-escaped characters must not break it.
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    config.attributes["metadata"] = metadata
    return config


def upgrade_to_head(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database (cheap: no Alembic import)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head_revision() -> str:
    """The newest schema revision shipped with the app, as Alembic's script directory says."""
    from alembic.script import ScriptDirectory

    config = alembic_config(create_engine("sqlite://"))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """Open the database at `url`, creating or upgrading its schema when it is not at SCHEMA_HEAD.

    Comparing against the constant keeps Alembic off the start-up path of an up-to-date database.
    """
    engine = make_engine(url)
    if current_revision(engine) != SCHEMA_HEAD:
        upgrade_to_head(engine)
    return engine, make_session_factory(engine)
