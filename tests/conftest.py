"""Shared fixtures: offscreen Qt, a fixed UTC clock, a fresh database per test (SQLite, or PostgreSQL where asked)."""

from __future__ import annotations

import datetime as dt
import os
import random
import itertools
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from question_bank.builtin import builtin_context
from tests.pg_cluster import Cluster, find_pg_bin, start_cluster

FIXED_NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def now() -> dt.datetime:
    """A fixed, timezone-aware UTC 'now'."""
    return FIXED_NOW


@pytest.fixture
def rng() -> random.Random:
    """A seeded random generator."""
    return random.Random(1234)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The URL of a fresh SQLite file for this test."""
    return sqlite_url(tmp_path)


@pytest.fixture
def session_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A migrated, empty database (no built-in bank)."""
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def app_context(tmp_path: Path) -> Iterator[AppContext]:
    """An AppContext on a fresh data directory (the built-in bank is filled on first use)."""
    context = builtin_context(data_dir=tmp_path / "data", db_url=sqlite_url(tmp_path / "data"), clock=lambda: FIXED_NOW)
    yield context
    context.dispose()


# The storage, study and trainer tests run on both backends: their conftest files parametrize `db_url` with these.
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))
TEMPLATE_DB = "xunxue_template"
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server on loopback for the whole session, with a migrated template database.

    Skips (with the reason) when no PostgreSQL server binaries are installed.
    """
    bin_dir, reason = find_pg_bin()
    if bin_dir is None:
        pytest.skip(reason)
    cluster = start_cluster(bin_dir)
    try:
        admin = make_engine(cluster.url().render_as_string(hide_password=False))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
        admin.dispose()
        template = make_engine(cluster.url(TEMPLATE_DB).render_as_string(hide_password=False))
        upgrade_to_head(template)
        template.dispose()
        yield cluster
    finally:
        cluster.stop()


def fresh_pg_database(cluster: Cluster) -> str:
    """The URL of a new, migrated database on the cluster (a copy of the template)."""
    name = f"test_{next(_database_numbers)}"
    admin = make_engine(cluster.url().render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
    admin.dispose()
    return cluster.url(name).render_as_string(hide_password=False)


def backend_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database for the backend a parametrized `db_url` fixture was given."""
    if request.param == "postgresql":
        return fresh_pg_database(request.getfixturevalue("pg_cluster"))
    return sqlite_url(tmp_path)
