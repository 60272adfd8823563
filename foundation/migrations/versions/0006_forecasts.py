"""A learner's exam goal (date and target recall) and the readiness forecasts stored beside mock-exam scores.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_goals",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exam_date", sa.Date(), nullable=False),
        sa.Column("target_recall", sa.Float(), nullable=False),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_exam_goals_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_exam_goals")),
    )
    op.create_table(
        "readiness_forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw_percent", sa.Float(), nullable=False),
        sa.Column("predicted_percent", sa.Float(), nullable=False),
        sa.Column("low_percent", sa.Float(), nullable=False),
        sa.Column("high_percent", sa.Float(), nullable=False),
        sa.Column("actual_percent", sa.Float(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_readiness_forecasts_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["quiz_attempts.id"], name=op.f("fk_readiness_forecasts_attempt_id_quiz_attempts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_forecasts")),
        sa.UniqueConstraint("attempt_id", name=op.f("uq_readiness_forecasts_attempt_id")),
    )
    with op.batch_alter_table("readiness_forecasts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_readiness_forecasts_learner_made", ["learner_id", "made_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("readiness_forecasts", schema=None) as batch_op:
        batch_op.drop_index("ix_readiness_forecasts_learner_made")
    op.drop_table("readiness_forecasts")
    op.drop_table("exam_goals")
