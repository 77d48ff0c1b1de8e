"""The console's questions to the read model: which conversations, how many, newest first.

Every filter is a WHERE clause over ``conversation_summaries``: the start time is
indexed; flags and search are a scan of one table's columns; nothing decodes events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Collection, List, Set

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from bot.conversations.read_model import FLAGS, ConversationRow, as_row, summaries


@dataclass(frozen=True)
class ConversationFilter:
    since: datetime | None = None  # started at or after
    until: datetime | None = None  # started before
    flag: str | None = None  # one of FLAGS
    text: str | None = None  # part of what the patient typed, any case
    senders: Collection[str] | None = None  # only these conversations (e.g. rated ones)


def where(chosen: ConversationFilter) -> Any:
    """The filter as one SQL condition; conversations without a message are never listed."""
    clauses = [summaries.c.started_at.isnot(None)]
    if chosen.since is not None:
        clauses.append(summaries.c.started_at >= chosen.since)
    if chosen.until is not None:
        clauses.append(summaries.c.started_at < chosen.until)
    if chosen.flag in FLAGS:
        clauses.append(summaries.c[chosen.flag].is_(True))
    needle = (chosen.text or "").strip().lower()
    if needle:
        clauses.append(summaries.c.patient_text.contains(needle, autoescape=True))
    if chosen.senders is not None:
        clauses.append(summaries.c.sender_id.in_(sorted(chosen.senders)))
    return and_(*clauses)


def list_conversations(
    connection: Connection, chosen: ConversationFilter, limit: int, offset: int = 0
) -> List[ConversationRow]:
    """One page of the chosen conversations, newest first."""
    query = (
        select(summaries)
        .where(where(chosen))
        .order_by(summaries.c.started_at.desc(), summaries.c.sender_id)
        .limit(limit)
        .offset(offset)
    )
    return [as_row(found) for found in connection.execute(query)]


def count_conversations(connection: Connection, chosen: ConversationFilter) -> int:
    query = select(func.count()).select_from(summaries).where(where(chosen))
    return int(connection.execute(query).scalar() or 0)


def chosen_among(
    connection: Connection, chosen: ConversationFilter, candidates: Collection[str]
) -> Set[str]:
    """Which of ``candidates`` (e.g. the conversations holding a rating) the filter keeps."""
    among = set(candidates)
    if chosen.senders is not None:  # intersected here, not sent as a second IN list
        among &= set(chosen.senders)
        chosen = replace(chosen, senders=None)
    kept: Set[str] = set()
    batch = sorted(among)
    for start in range(0, len(batch), 500):  # stay under SQL parameter limits
        query = select(summaries.c.sender_id).where(
            where(chosen), summaries.c.sender_id.in_(batch[start : start + 500])
        )
        kept.update(connection.execute(query).scalars())
    return kept
