"""Alembic environment: runs the app's migrations on the engine the app hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import question_bank.models  # noqa: F401  (registers the bank tables)
import question_bank.paper_models  # noqa: F401  (registers the trainer's paper and result tables)
import study.models  # noqa: F401  (registers the study tables)
import study.goal_models  # noqa: F401  (registers the exam goal and forecast tables)
from question_bank.database import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run migrations online, on the engine passed in attributes or built from the URL."""
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        context.run_migrations()


run_migrations()
