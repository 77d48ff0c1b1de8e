"""Retention: delete conversations and closed handoff requests past a given age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import List, Tuple

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.conversations import events, has_events
from bot.db import session_scope
from bot.feedback import purge_feedback
from bot.handoff.models import HandoffRequest
from bot.settings import Settings
from bot.staff.audit import record


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    handoffs: int
    feedback: int = 0


def purge_conversations(connection: Connection, cutoff: datetime) -> Tuple[List[str], int]:
    """Conversations whose last event is older than ``cutoff``: (their ids, events removed)."""
    if not has_events(connection):
        return [], 0
    stale = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff.timestamp())
    )
    senders = list(connection.execute(stale).scalars())
    removed = 0
    for start in range(0, len(senders), 500):  # stay under SQL parameter limits
        batch = senders[start : start + 500]
        removed += connection.execute(delete(events).where(events.c.sender_id.in_(batch))).rowcount
    return senders, removed


def purge_handoffs(session: Session, cutoff: datetime) -> int:
    """Closed (``done``) requests last changed before ``cutoff``; open ones are kept."""
    old = (
        session.execute(
            select(HandoffRequest).where(
                HandoffRequest.status == "done", HandoffRequest.updated_at < cutoff
            )
        )
        .scalars()
        .all()
    )
    for request in old:
        session.delete(request)
    return len(old)


def purge_older_than(settings: Settings, days: int, user_id: int | None) -> Purged:
    """Delete what is older than ``days`` and write it to the audit log."""
    if days < 1:
        raise ValueError("keep at least 1 day")
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    engine = create_engine(settings.tracker_store_url or f"sqlite:///{settings.tracker_db_path}")
    try:
        with engine.begin() as connection:
            senders, removed_events = purge_conversations(connection, cutoff)
    finally:
        engine.dispose()
    with session_scope(settings.resolved_database_url) as session:
        handoffs = purge_handoffs(session, cutoff)
        feedback = purge_feedback(session, senders, cutoff)
        record(
            session,
            user_id,
            "retention.purged",
            f"older than {days} days: {len(senders)} conversations ({removed_events} "
            f"events), {handoffs} closed handoff requests, {feedback} answer ratings",
        )
    return Purged(len(senders), removed_events, handoffs, feedback)
