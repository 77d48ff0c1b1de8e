"""Retention: delete conversations and closed handoff requests past a given age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.conversations import events, has_events
from bot.handoff.models import HandoffRequest


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    handoffs: int


def purge_conversations(connection: Connection, cutoff: datetime) -> tuple:
    """Conversations whose last event is older than ``cutoff``: (conversations, events)."""
    if not has_events(connection):
        return 0, 0
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
    return len(senders), removed


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
