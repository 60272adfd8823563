"""Fixtures of the trainer tests: the study tests' small hand-built bank and learner, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BACKENDS, backend_db_url
from tests.study.conftest import bank, factory, learner_id

__all__ = ["bank", "db_url", "factory", "learner_id"]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database for each test, once on SQLite and once on PostgreSQL."""
    return backend_db_url(request, tmp_path)
