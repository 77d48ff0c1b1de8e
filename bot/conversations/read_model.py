"""The console's read model: one row per conversation, derived from the tracker store.

Rasa's ``events`` table stays the source of truth; these tables only make it quick to
list, search, filter and count conversations at a year's volume. They live in the
tracker store's own database, so the tracker store (``components/tracker_store.py``)
updates a conversation's row in the same transaction that saves its events: the console
never shows a turn the store did not keep, nor misses one it did. ``rebuild`` derives
the rows from the events again (``upkeep.py``, ``python -m bot.conversations rebuild``).

A row is only ever replaced by one derived from as many events or more
(``last_event_id``), so a rebuild running beside a live save cannot undo the save.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, Iterator, List, Sequence, Tuple

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from bot.conversations.events import OPEN_CHAT_INTENT, events
from bot.db import UTCDateTime


class Flag(str, Enum):
    """Reply kinds (the contract's ``custom.kind``) that mark a conversation for staff."""

    FALLBACK = "fallback"
    HANDOFF = "handoff"
    EMERGENCY = "emergency"


FLAGS = tuple(flag.value for flag in Flag)
TEXT_SEPARATOR = "\n"  # between a patient's messages in the search column

read_model_metadata = MetaData()
summaries = Table(
    "conversation_summaries",
    read_model_metadata,
    Column("sender_id", String(255), primary_key=True),
    # None while the conversation holds no message yet (only session events): not listed
    Column("started_at", UTCDateTime, index=True),
    Column("started_day", Date, index=True),  # UTC, for figures per day
    Column("turns", Integer, nullable=False, default=0),
    *(Column(flag.value, Boolean, nullable=False, default=False) for flag in Flag),
    Column("sections", Text, nullable=False, default=""),  # comma-separated, first answer first
    Column("patient_text", Text, nullable=False, default=""),  # lower case, for search
    Column("last_event_id", Integer, nullable=False, index=True),
)
summary_sections = Table(
    "conversation_sections",
    read_model_metadata,
    Column(
        "sender_id",
        String(255),
        ForeignKey("conversation_summaries.sender_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("section", String(64), primary_key=True, index=True),
)

StoredEvent = Tuple[int, str, float, Dict[str, Any]]  # (id, type name, timestamp, data)


@dataclass
class ConversationRow:
    """One conversation as the console lists it."""

    sender_id: str
    started: datetime | None = None
    turns: int = 0
    sections: List[str] = field(default_factory=list)
    flags: List[str] = field(default_factory=list)
    patient_text: List[str] = field(default_factory=list)
    last_event_id: int = 0

    def add(self, event_id: int, type_name: str, timestamp: float, data: Dict[str, Any]) -> None:
        """Take one stored event into account (events come in store order)."""
        self.last_event_id = max(self.last_event_id, event_id)
        if type_name not in ("user", "bot"):
            return
        if self.started is None:
            self.started = datetime.fromtimestamp(timestamp or 0, tz=timezone.utc)
        if type_name == "user":
            intent = ((data.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == OPEN_CHAT_INTENT:
                return  # the widget opened the chat; the patient has said nothing yet
            self.turns += 1
            self.patient_text.append((data.get("text") or "").lower())
            return
        custom = (data.get("data") or {}).get("custom") or {}
        kind, section = custom.get("kind"), custom.get("section")
        if kind in FLAGS and kind not in self.flags:
            self.flags = [flag for flag in FLAGS if flag in self.flags or flag == kind]
        if kind == "answer" and section and section not in self.sections:
            self.sections.append(section)


def _as_values(row: ConversationRow) -> Dict[str, Any]:
    return {
        "sender_id": row.sender_id,
        "started_at": row.started,
        "started_day": row.started.date() if row.started else None,
        "turns": row.turns,
        **{flag: flag in row.flags for flag in FLAGS},
        "sections": ",".join(row.sections),
        "patient_text": TEXT_SEPARATOR.join(row.patient_text),
        "last_event_id": row.last_event_id,
    }


def as_row(values: Any, with_text: bool = False) -> ConversationRow:
    """A ``conversation_summaries`` result row as a ``ConversationRow``."""
    text = values.patient_text.split(TEXT_SEPARATOR) if with_text and values.patient_text else []
    return ConversationRow(
        values.sender_id,
        values.started_at,
        values.turns,
        [s for s in values.sections.split(",") if s],
        [flag for flag in FLAGS if getattr(values, flag)],
        text,
        values.last_event_id,
    )


def create_read_model(engine: Engine) -> None:
    read_model_metadata.create_all(engine, checkfirst=True)


def _upsert_statement(connection: Connection, values: Dict[str, Any]) -> Any:
    """Insert, or replace a row derived from fewer events; ``None`` where the dialect has
    no upsert (then ``write_row`` checks and writes in two steps)."""
    name = connection.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return None
    statement = dialect_insert(summaries).values(**values)
    return statement.on_conflict_do_update(
        index_elements=[summaries.c.sender_id],
        set_={key: statement.excluded[key] for key in values if key != "sender_id"},
        where=summaries.c.last_event_id <= statement.excluded.last_event_id,
    )


def write_row(connection: Connection, row: ConversationRow) -> bool:
    """Store ``row`` unless a row derived from more events is already there."""
    values = _as_values(row)
    statement = _upsert_statement(connection, values)
    if statement is not None:
        written = connection.execute(statement).rowcount > 0
    else:
        written = (
            connection.execute(
                update(summaries)
                .where(
                    summaries.c.sender_id == row.sender_id,
                    summaries.c.last_event_id <= row.last_event_id,
                )
                .values(**values)
            ).rowcount
            > 0
        )
        exists = select(summaries.c.sender_id).where(summaries.c.sender_id == row.sender_id)
        if not written and connection.execute(exists).first() is None:
            connection.execute(insert(summaries).values(**values))
            written = True
    if written:
        connection.execute(
            delete(summary_sections).where(summary_sections.c.sender_id == row.sender_id)
        )
        if row.sections:
            connection.execute(
                insert(summary_sections),
                [{"sender_id": row.sender_id, "section": s} for s in row.sections],
            )
    return written


def stored_row(connection: Connection, sender_id: str) -> ConversationRow | None:
    """The conversation's row with its search text, locked until the transaction ends
    where the database can (so two writers of one row take turns)."""
    query = select(summaries).where(summaries.c.sender_id == sender_id).with_for_update()
    found = connection.execute(query).first()
    return as_row(found, with_text=True) if found is not None else None


def record_saved_events(
    connection: Connection, sender_id: str, saved: Sequence[StoredEvent]
) -> None:
    """Bring the conversation's row up to date with events just saved in this
    transaction (the tracker store's save). The row is extended with them only if it
    reflects every earlier event; otherwise (no row yet for an older conversation, or
    events another writer added) it is derived from all of them."""
    if not saved:
        return
    row = stored_row(connection, sender_id)
    earlier = connection.execute(
        select(func.max(events.c.id)).where(
            events.c.sender_id == sender_id, events.c.id < min(e[0] for e in saved)
        )
    ).scalar()
    if row is None and earlier is None:
        row = ConversationRow(sender_id)  # a new conversation
    elif row is None or row.last_event_id != earlier:
        write_row(connection, derive(connection, [sender_id])[0])
        return
    for event in saved:
        row.add(*event)
    write_row(connection, row)


def _stored_events(
    connection: Connection, senders: Sequence[str]
) -> Iterator[Tuple[str, StoredEvent]]:
    query = (
        select(
            events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data
        )
        .where(events.c.sender_id.in_(senders))
        .order_by(events.c.id)
    )
    for event_id, sender, type_name, timestamp, raw in connection.execute(query):
        # only messages carry what a row needs; other events only move last_event_id
        data = json.loads(raw or "{}") if type_name in ("user", "bot") else {}
        yield sender, (event_id, type_name, timestamp, data)


def derive(connection: Connection, senders: Sequence[str]) -> List[ConversationRow]:
    """The rows of these conversations, derived from all their stored events."""
    rows: Dict[str, ConversationRow] = {}
    for sender, event in _stored_events(connection, senders):
        rows.setdefault(sender, ConversationRow(sender)).add(*event)
    return list(rows.values())
