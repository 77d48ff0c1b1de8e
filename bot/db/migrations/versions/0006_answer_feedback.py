"""answer feedback (the widget's thumbs up / down)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:56:58.309733
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("rating", sa.String(length=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating IN ('up', 'down')", name="ck_answer_feedback_rating"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sender_id", "answer_id", name="uq_answer_feedback_answer"),
    )
    op.create_index("ix_answer_feedback_sender_id", "answer_feedback", ["sender_id"])
    op.create_index("ix_answer_feedback_updated_at", "answer_feedback", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_answer_feedback_updated_at", table_name="answer_feedback")
    op.drop_index("ix_answer_feedback_sender_id", table_name="answer_feedback")
    op.drop_table("answer_feedback")
