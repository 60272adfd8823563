"""Alembic environment: runs the app's migrations on the engine the app hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config
# The revisions spell out every table, so running them needs no models. Only autogenerate compares against
# the models' metadata, which the caller who knows every model passes in (`alembic_config(engine, metadata)`).
target_metadata = config.attributes.get("metadata")


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
