"""Reading conversations straight from Rasa's SQL tracker store (no second copy).

Rasa creates and owns the ``events`` table; this module only reads it. Query
functions take a connection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, func, inspect, select
from sqlalchemy.engine import Connection

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class ConversationRow:
    sender_id: str
    started: datetime
    turns: int


@dataclass
class Turn:
    who: str  # "patient" or "assistant"
    text: str
    at: datetime
    intent: str | None = None
    confidence: float | None = None
    entities: List[Dict[str, Any]] = field(default_factory=list)
    kind: str | None = None
    section: str | None = None


def _when(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(timestamp or 0, tz=timezone.utc)


def has_events(connection: Connection) -> bool:
    return inspect(connection).has_table("events")


def list_conversations(
    connection: Connection, limit: int = 50, offset: int = 0
) -> List[ConversationRow]:
    if not has_events(connection):
        return []
    user_turns = func.sum((events.c.type_name == "user").cast(Integer))
    query = (
        select(events.c.sender_id, func.min(events.c.timestamp), user_turns)
        .group_by(events.c.sender_id)
        .order_by(func.min(events.c.timestamp).desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        ConversationRow(sender, _when(started), int(turns or 0))
        for sender, started, turns in connection.execute(query)
    ]


def transcript(connection: Connection, sender_id: str) -> List[Turn]:
    if not has_events(connection):
        return []
    query = (
        select(events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id, events.c.type_name.in_(("user", "bot")))
        .order_by(events.c.id)
    )
    turns: List[Turn] = []
    for type_name, timestamp, raw in connection.execute(query):
        data = json.loads(raw or "{}")
        if type_name == "user":
            parse = data.get("parse_data") or {}
            intent = parse.get("intent") or {}
            turns.append(
                Turn(
                    "patient",
                    data.get("text") or "",
                    _when(timestamp),
                    intent.get("name"),
                    intent.get("confidence"),
                    parse.get("entities") or [],
                )
            )
        else:
            custom = (data.get("data") or {}).get("custom") or {}
            turns.append(
                Turn(
                    "assistant",
                    data.get("text") or "",
                    _when(timestamp),
                    kind=custom.get("kind"),
                    section=custom.get("section"),
                )
            )
    return _merge_custom_only(turns)


def _merge_custom_only(turns: List[Turn]) -> List[Turn]:
    """Rasa stores the custom object of a text reply as its own event: fold it in."""
    merged: List[Turn] = []
    for turn in turns:
        previous = merged[-1] if merged else None
        if (
            turn.who == "assistant"
            and not turn.text
            and previous is not None
            and previous.who == "assistant"
            and previous.kind is None
        ):
            previous.kind, previous.section = turn.kind, turn.section
            continue
        merged.append(turn)
    return merged
