"""Additions for the study engine: attempt uids (export/import) and when a card was introduced.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

Only ADD COLUMN and CREATE INDEX: no batch table rebuild, because rebuilding a parent table with
foreign keys on would cascade-delete its children (attempt_items) on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introduced_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_card_states_learner_introduced", ["learner_id", "introduced_at"], unique=False)
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_quiz_attempts_uid"), ["uid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_attempts_uid"))
        batch_op.drop_column("uid")
    with op.batch_alter_table("card_states", schema=None) as batch_op:
        batch_op.drop_index("ix_card_states_learner_introduced")
        batch_op.drop_column("introduced_at")
