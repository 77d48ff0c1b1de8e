"""languages: one content page per language; the language of a handoff request

The content tables are derived from data/content (``make build`` rebuilds them from
the pages), so they are recreated with a language rather than migrated row by row.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

LANGUAGES = "'en', 'es'"


def _drop_content() -> None:
    for table in ("content_sentences", "content_passages", "content_sections", "content_builds"):
        op.drop_table(table)


def _create_sentences() -> None:  # the same before and after
    op.create_table(
        "content_sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["passage_id"], ["content_passages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    _drop_content()
    op.create_table(
        "content_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("invitation", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"language IN ({LANGUAGES})", name="ck_content_builds_language"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "content_sections",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"language IN ({LANGUAGES})", name="ck_content_sections_language"),
        sa.PrimaryKeyConstraint("key"),
        sa.UniqueConstraint("language", "id", name="uq_content_sections_language_id"),
    )
    op.create_table(
        "content_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_key"], ["content_sections.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_sentences()
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
        batch.create_check_constraint("ck_handoff_language", f"language IN ({LANGUAGES})")
        batch.create_index("ix_handoff_requests_language", ["language"])


def downgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_index("ix_handoff_requests_language")
        batch.drop_constraint("ck_handoff_language", type_="check")
        batch.drop_column("language")
    _drop_content()
    op.create_table(
        "content_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("invitation", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "content_sections",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "content_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["content_sections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_sentences()
