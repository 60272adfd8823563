"""Fixtures for widget tests: a real UiContext on a temp database with the built-in bank and one learner."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from question_bank.builtin import builtin_context
from tests.conftest import FIXED_NOW
from ui.context import UiContext, UiEvents

TEST_LEARNER_NAME = "张三"
TEST_LEARNER_UNIT = "第一巡视组"


class FakeClock:
    """A controllable UTC clock for `UiContext.clock`: tests move time with `advance`."""

    def __init__(self, start: dt.datetime = FIXED_NOW) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, *, seconds: float = 0, minutes: float = 0, days: float = 0) -> dt.datetime:
        """Move the clock forward and return the new time."""
        self.now += dt.timedelta(seconds=seconds, minutes=minutes, days=days)
        return self.now


def create_learner(ctx: UiContext, *, name: str = TEST_LEARNER_NAME, unit: str = TEST_LEARNER_UNIT) -> int:
    """Create a learner profile through the study engine's front door and return its id."""
    from study import create_learner as create

    with ctx.session_factory() as session, session.begin():
        learner = create(session, name=name, unit=unit, now=ctx.clock())
    return int(learner.id)


def _ensure_some_bank(factory: sessionmaker[Session]) -> None:
    """Widget flows need questions and cards: if the built-in bank is empty, add the study tests' small bank."""
    from sqlalchemy import func, select

    from question_bank.models import QuestionRow
    from tests.study.conftest import build_small_bank

    with factory() as session, session.begin():
        if not session.scalar(select(func.count()).select_from(QuestionRow)):
            build_small_bank(session, FIXED_NOW)


@pytest.fixture
def fake_clock() -> FakeClock:
    """The clock the UI context reads; starts at the shared FIXED_NOW."""
    return FakeClock()


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    """QSettings in a temp ini file (never the user's settings)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_app_context(tmp_path: Path, fake_clock: FakeClock) -> Iterator[AppContext]:
    """An AppContext on a fresh data directory."""
    data_dir = tmp_path / "data"
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=fake_clock)
    yield context
    context.dispose()


@pytest.fixture
def bare_ui_context(qapp: object, ui_app_context: AppContext, ui_settings: QSettings, fake_clock: FakeClock) -> UiContext:
    """A UiContext on a migrated database with the built-in bank and no learner yet (first start)."""
    del qapp
    factory = ui_app_context.session_factory()
    _ensure_some_bank(factory)
    return UiContext(
        app=ui_app_context,
        session_factory=factory,
        settings=ui_settings,
        events=UiEvents(),
        clock=fake_clock,
        rng=random.Random(1234),
        learner_id=None,
    )


@pytest.fixture
def ui_context(bare_ui_context: UiContext) -> UiContext:
    """A UiContext as above with one learner (张三, 第一巡视组) created and active."""
    bare_ui_context.learner_id = create_learner(bare_ui_context)
    return bare_ui_context
