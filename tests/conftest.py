"""Shared fixtures: offscreen Qt, a fixed UTC clock, a fresh SQLite database per test."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from question_bank.builtin import builtin_context

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
