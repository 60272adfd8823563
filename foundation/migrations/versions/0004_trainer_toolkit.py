"""Tables for the trainer's papers and collected results.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_limit_s", sa.Integer(), nullable=True),
        sa.Column("pass_mark", sa.Float(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_papers")),
        sa.UniqueConstraint("uid", name=op.f("uq_papers_uid")),
    )
    op.create_table(
        "collected_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("sitting_uid", sa.String(length=36), nullable=False),
        sa.Column("learner_uid", sa.String(length=36), nullable=False),
        sa.Column("learner_name", sa.String(length=100), nullable=False),
        sa.Column("learner_unit", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_score", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("score_mismatch", sa.Boolean(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_collected_results_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collected_results")),
        sa.UniqueConstraint("paper_id", "sitting_uid", name=op.f("uq_collected_results_paper_id")),
    )
    with op.batch_alter_table("collected_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collected_results_paper_id"), ["paper_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("collected_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collected_results_paper_id"))
    op.drop_table("collected_results")
    op.drop_table("papers")
