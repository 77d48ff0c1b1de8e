"""staff api tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:49:15.603085
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_staff_users_api_token_hash", ["api_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_staff_users_api_token_hash", type_="unique")
        batch_op.drop_column("api_token_hash")
