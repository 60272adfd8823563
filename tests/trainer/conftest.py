"""Fixtures of the trainer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BACKENDS, backend_db_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database for each test, once on SQLite and once on PostgreSQL."""
    return backend_db_url(request, tmp_path)
