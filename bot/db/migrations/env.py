"""Alembic environment: the project's models are the target metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import bot.content.store  # noqa: F401  (registers the content tables)
import bot.feedback  # noqa: F401  (registers answer ratings)
import bot.handoff.models  # noqa: F401  (registers the handoff table)
import bot.staff.models  # noqa: F401  (registers staff accounts and the audit log)
import bot.staff.unanswered  # noqa: F401  (registers NLU tags)
from bot.db import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
engine = create_engine(url, future=True)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
