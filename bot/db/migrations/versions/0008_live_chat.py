"""live chat with care navigators: the waiting line, availability, display names

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LIVE_STATUSES = "'waiting', 'active', 'ended', 'missed', 'left'"


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=60), nullable=True))
    op.create_table(
        "live_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("patient_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("navigator_id", sa.Integer(), nullable=True),
        sa.Column("navigator_name", sa.String(length=100), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alert_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_offered", sa.Boolean(), nullable=False),
        sa.CheckConstraint(f"status IN ({LIVE_STATUSES})", name="ck_live_chats_status"),
        sa.ForeignKeyConstraint(
            ["navigator_id"],
            ["staff_users.id"],
            ondelete="SET NULL",
            name="fk_live_chats_navigator",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_live_chats_sender_id", "live_chats", ["sender_id"])
    op.create_index("ix_live_chats_status", "live_chats", ["status"])
    op.create_table(
        "navigator_presence",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_users.id"],
            ondelete="CASCADE",
            name="fk_navigator_presence_user",
        ),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("navigator_presence")
    op.drop_index("ix_live_chats_status", table_name="live_chats")
    op.drop_index("ix_live_chats_sender_id", table_name="live_chats")
    op.drop_table("live_chats")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("display_name")
