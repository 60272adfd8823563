"""Schema migrations and SQLite set-up."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

import question_bank.models  # noqa: F401  (every package's tables, as autogenerate would see them)
import study.models  # noqa: F401
import trainer.models  # noqa: F401

from foundation.data_dir import sqlite_url
from foundation.database import (
    SCHEMA_HEAD,
    Base,
    current_revision,
    head_revision,
    make_engine,
    open_database,
)


def test_open_database_migrates_to_head_with_sqlite_pragmas(tmp_path: Path) -> None:
    engine, factory = open_database(sqlite_url(tmp_path))
    assert current_revision(engine) == head_revision()
    with factory() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    engine.dispose()


def test_migrations_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import question_bank.models
    import study.models
    import trainer.models

    assert {"questions", "quiz_attempts", "papers"} <= set(Base.metadata.tables), (
        question_bank.models, study.models, trainer.models)  # every model is on the metadata, whatever ran first
    engine, _ = open_database(sqlite_url(tmp_path))
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_schema_head_constant_matches_alembic() -> None:
    assert SCHEMA_HEAD == head_revision()


def test_fresh_engine_reports_no_revision(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    assert current_revision(engine) is None
    engine.dispose()
