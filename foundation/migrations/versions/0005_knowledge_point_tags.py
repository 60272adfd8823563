"""Knowledge-point tags on questions and flashcards, and the reason an item waits for review.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("point_key", sa.String(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("review_reason", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("flashcards") as batch:
        batch.add_column(sa.Column("point_key", sa.String(length=120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("flashcards") as batch:
        batch.drop_column("point_key")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("review_reason")
        batch.drop_column("point_key")
