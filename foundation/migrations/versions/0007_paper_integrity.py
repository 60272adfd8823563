"""Collected results keep their integrity flags (signature, time window, duplicate, paper version); the copies
of paper questions on a learner's machine are hidden from the learner's own topics and quizzes (DISABLED).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("collected_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flags", sa.JSON(), nullable=False, server_default="[]"))
    # Papers opened before this revision left ACTIVE copies that joined the learner's own quizzes and mastery.
    op.execute(
        "UPDATE questions SET status = 'disabled' WHERE status IN ('active', 'approved') AND topic_id IN ("
        "SELECT topics.id FROM topics JOIN documents ON documents.id = topics.document_id "
        "WHERE documents.source_name LIKE 'paper:%')"
    )


def downgrade() -> None:  # the hidden paper copies stay hidden: nothing tells them from ones disabled by hand
    with op.batch_alter_table("collected_results", schema=None) as batch_op:
        batch_op.drop_column("flags")
