"""Additions for the study engine: attempt uids (export/import), when a card was introduced, study days.

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
    op.create_table(
        "study_days",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], name=op.f("fk_study_days_learner_id_learners"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id", "day", name=op.f("pk_study_days")),
    )
    _fill_study_days()


def _fill_study_days() -> None:
    """Derive the study days (China local time, UTC+8) of the history already stored."""
    if op.get_bind().dialect.name == "sqlite":
        local_day = "date({column}, '+480 minutes')"
    else:
        local_day = "CAST({column} + INTERVAL '8 hours' AS DATE)"
    op.execute(
        "INSERT INTO study_days (learner_id, day) "
        f"SELECT DISTINCT learner_id, {local_day.format(column='reviewed_at')} FROM review_logs "
        f"UNION SELECT DISTINCT learner_id, {local_day.format(column='answered_at')} FROM attempt_items "
        "WHERE answered_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("study_days")
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_attempts_uid"))
        batch_op.drop_column("uid")
    with op.batch_alter_table("card_states", schema=None) as batch_op:
        batch_op.drop_index("ix_card_states_learner_introduced")
        batch_op.drop_column("introduced_at")
