"""Keeping the read model equal to the events: rebuild, catch-up, forgetting.

The tracker store's save keeps each conversation's row current (``read_model.py``);
what is here derives rows again for conversations whose row is missing or behind
(start-up, ``python -m bot.conversations rebuild``, a console request that finds newer
events), and deletes rows together with their events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, List, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from bot.conversations.events import events, has_events
from bot.conversations.read_model import (
    create_read_model,
    derive,
    summaries,
    summary_sections,
    write_row,
)


def stale_senders(connection: Connection) -> List[str]:
    """Conversations whose row is missing or behind their events."""
    latest = (
        select(events.c.sender_id, func.max(events.c.id).label("last_id"))
        .group_by(events.c.sender_id)
        .subquery()
    )
    query = (
        select(latest.c.sender_id)
        .select_from(latest.outerjoin(summaries, summaries.c.sender_id == latest.c.sender_id))
        .where((summaries.c.sender_id.is_(None)) | (summaries.c.last_event_id < latest.c.last_id))
        .order_by(latest.c.sender_id)
    )
    return list(connection.execute(query).scalars())


def all_senders(connection: Connection) -> List[str]:
    query = select(events.c.sender_id).distinct().order_by(events.c.sender_id)
    return list(connection.execute(query).scalars())


def forget_rows(connection: Connection, senders: Iterable[str]) -> int:
    """Delete these conversations' rows (their events are being deleted too)."""
    batch = list(senders)
    removed = 0
    for start in range(0, len(batch), 500):  # stay under SQL parameter limits
        chunk = batch[start : start + 500]
        # the summary first, as a save locks it: the same order cannot deadlock
        removed += connection.execute(
            delete(summaries).where(summaries.c.sender_id.in_(chunk))
        ).rowcount
        connection.execute(delete(summary_sections).where(summary_sections.c.sender_id.in_(chunk)))
    return int(removed)


def forget_conversations(connection: Connection, sender_prefix: str) -> int:
    """Delete every conversation whose id starts with ``sender_prefix`` (the launcher's
    warm-up turns, including any a stopped launcher left), events and rows; how many."""
    if not has_events(connection):
        return 0
    # by the prefix, not a list read first: a save in between leaves no row behind
    removed = connection.execute(
        delete(summaries).where(summaries.c.sender_id.startswith(sender_prefix, autoescape=True))
    ).rowcount
    connection.execute(
        delete(summary_sections).where(
            summary_sections.c.sender_id.startswith(sender_prefix, autoescape=True)
        )
    )
    connection.execute(
        delete(events).where(events.c.sender_id.startswith(sender_prefix, autoescape=True))
    )
    return int(removed)


def orphan_rows(connection: Connection) -> List[str]:
    """Rows whose conversation has no events left (deleted by something other than us)."""
    query = select(summaries.c.sender_id).where(
        ~select(events.c.id).where(events.c.sender_id == summaries.c.sender_id).exists()
    )
    return list(connection.execute(query).scalars())


def behind(connection: Connection) -> bool:
    """Whether an event is newer than the newest row: written by a store that does not
    keep the read model (an older release, a plain ``SQLTrackerStore``, a tool)."""
    if not has_events(connection):
        return False
    newest_event = connection.execute(select(func.max(events.c.id))).scalar()
    newest_row = connection.execute(select(func.max(summaries.c.last_event_id))).scalar()
    return newest_event is not None and (newest_row is None or newest_row < newest_event)


def refresh(
    engine: Engine, senders: Sequence[str], batch_size: int = 200, progress: Any = None
) -> int:
    """Derive and store the rows of ``senders``, a transaction per batch (so a rebuild
    beside live saves holds no lock for long); how many rows were written."""
    written = 0
    for start in range(0, len(senders), batch_size):
        batch = senders[start : start + batch_size]
        with engine.begin() as connection:
            written += sum(write_row(connection, row) for row in derive(connection, batch))
        if progress is not None:
            progress.update(len(batch))
    return written


@dataclass(frozen=True)
class Rebuilt:
    conversations: int  # looked at
    written: int  # rows stored (a row derived from fewer events than one there is not)
    removed: int  # rows whose conversation has no events left


def rebuild(engine: Engine, everything: bool = False, progress: Any = None) -> Rebuilt:
    """Derive the read model from the events: every conversation, or (``everything=False``)
    those whose row is missing or behind. Idempotent; safe while Rasa serves."""
    create_read_model(engine)
    with engine.connect() as connection:
        if not has_events(connection):
            return Rebuilt(0, 0, 0)
        senders = all_senders(connection) if everything else stale_senders(connection)
    if progress is not None:
        progress.reset(total=len(senders))
    written = refresh(engine, senders, progress=progress)
    with engine.begin() as connection:
        removed = forget_rows(connection, orphan_rows(connection))
    return Rebuilt(len(senders), written, removed)


def catch_up(engine: Engine) -> None:
    """Before a console read: derive the rows of conversations with events newer than
    the newest row (two index lookups when there are none; then only those). Events
    another writer added among older ones are the rebuild's (start-up, the CLI) or
    the conversation's next save's."""
    with engine.connect() as connection:
        if not behind(connection):
            return
        newest_row = connection.execute(select(func.max(summaries.c.last_event_id))).scalar()
        newer = select(events.c.sender_id).where(events.c.id > (newest_row or 0)).distinct()
        senders = sorted(connection.execute(newer).scalars())
    refresh(engine, senders)
