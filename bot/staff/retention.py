"""Retention: delete every copy of patient text past a given age.

Conversations (tracker events), closed handoff requests, answer ratings, NLU tags
made from purged messages (or older), the free text in old audit entries (the entry
itself stays: who did what, when) and old server logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, List, Sequence, Set, Tuple

from sqlalchemy import create_engine, delete, func, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.conversations import events, has_events, patient_texts
from bot.conversations.read_model import create_read_model
from bot.conversations.upkeep import forget_rows
from bot.db import session_scope
from bot.feedback import purge_feedback
from bot.handoff.models import HandoffRequest
from bot.live.line import OPEN
from bot.live.models import LiveChat
from bot.logfiles import purge_logs
from bot.settings import Settings
from bot.staff.audit import FREE_TEXT_ACTIONS, record
from bot.staff.models import AuditEntry
from bot.staff.unanswered import NluTag

REMOVED = "(removed by retention)"


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    handoffs: int
    feedback: int = 0
    nlu_tags: int = 0
    audit_texts: int = 0
    log_files: int = 0
    live_chats: int = 0


def purge_live_chats(session: Session, senders: Sequence[str], cutoff: datetime) -> int:
    """Live chats over (not waiting or going on) that began before the cutoff, and any
    of a purged conversation."""
    closed = LiveChat.status.notin_(OPEN)
    removed = session.execute(delete(LiveChat).where(closed, LiveChat.created_at < cutoff)).rowcount
    for start in range(0, len(senders), 500):
        batch = senders[start : start + 500]
        removed += session.execute(
            delete(LiveChat).where(closed, LiveChat.sender_id.in_(batch))
        ).rowcount
    return int(removed)


def purge_conversations(
    connection: Connection, cutoff: datetime
) -> Tuple[List[str], int, Set[str]]:
    """Conversations whose last event is older than ``cutoff``: their ids, the events
    removed, and what their patients typed (to find its copies elsewhere)."""
    if not has_events(connection):
        return [], 0, set()
    stale = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff.timestamp())
    )
    senders = list(connection.execute(stale).scalars())
    texts = patient_texts(connection, senders)
    removed = 0
    for start in range(0, len(senders), 500):  # stay under SQL parameter limits
        batch = senders[start : start + 500]
        removed += connection.execute(delete(events).where(events.c.sender_id.in_(batch))).rowcount
    forget_rows(connection, senders)  # the console's rows go in the same transaction
    return senders, removed, texts


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


def purge_nlu_tags(session: Session, texts: Iterable[str], cutoff: datetime) -> int:
    """Tags of purged messages, and tags made before ``cutoff``."""
    removed = session.execute(delete(NluTag).where(NluTag.tagged_at < cutoff)).rowcount
    batch = sorted(texts)
    for start in range(0, len(batch), 500):
        removed += session.execute(
            delete(NluTag).where(NluTag.text.in_(batch[start : start + 500]))
        ).rowcount
    return int(removed)


def purge_audit_texts(session: Session, cutoff: datetime) -> int:
    """Old audit entries keep who, what and when; the text a person typed goes."""
    return int(
        session.execute(
            update(AuditEntry)
            .where(
                AuditEntry.at < cutoff,
                AuditEntry.action.in_(FREE_TEXT_ACTIONS),
                or_(AuditEntry.target != REMOVED, AuditEntry.target.is_(None)),
            )
            .values(target=REMOVED)
        ).rowcount
    )


def purge_older_than(settings: Settings, days: int, user_id: int | None) -> Purged:
    """Delete what is older than ``days`` and write it to the audit log."""
    if days < 1:
        raise ValueError("keep at least 1 day")
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    engine = create_engine(settings.resolved_tracker_store_url)
    try:
        create_read_model(engine)
        with engine.begin() as connection:
            senders, removed_events, texts = purge_conversations(connection, cutoff)
    finally:
        engine.dispose()
    with session_scope(settings.resolved_database_url) as session:
        purged = Purged(
            conversations=len(senders),
            events=removed_events,
            handoffs=purge_handoffs(session, cutoff),
            feedback=purge_feedback(session, senders, cutoff),
            nlu_tags=purge_nlu_tags(session, texts, cutoff),
            audit_texts=purge_audit_texts(session, cutoff),
            log_files=purge_logs(settings.var_dir / "logs", cutoff),
            live_chats=purge_live_chats(session, senders, cutoff),
        )
        record(
            session,
            user_id,
            "retention.purged",
            f"older than {days} days: {purged.conversations} conversations "
            f"({purged.events} events), {purged.handoffs} closed handoff requests, "
            f"{purged.feedback} answer ratings, {purged.nlu_tags} NLU tags, "
            f"{purged.audit_texts} audit texts, {purged.log_files} log files, "
            f"{purged.live_chats} live chats",
        )
    return purged
