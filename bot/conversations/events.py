"""Reading conversations from Rasa's SQL tracker store's ``events`` table.

Rasa creates and owns the table; this module reads it. Transcripts come from here; the
console's lists and figures come from the read model derived from it (``read_model.py``).
Query functions take a connection.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, Iterator, List, Sequence, Set, Tuple

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), index=True),  # as Rasa creates it
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


OPEN_CHAT_INTENT = "open_chat"  # the widget's opening message (domain.yml)
ANSWER_ID_LENGTH = 16


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
    custom: Dict[str, Any] = field(default_factory=dict)
    buttons: List[Dict[str, str]] = field(default_factory=list)
    feedback: str | None = None  # "up" or "down" from the widget's thumbs (answers only)

    @property
    def answer_id(self) -> str | None:
        """Names an answer by its words, the same in a live reply and in the stored one."""
        if self.who != "assistant" or self.kind != "answer":
            return None
        return hashlib.sha256(self.text.encode()).hexdigest()[:ANSWER_ID_LENGTH]

    @property
    def lang(self) -> str | None:
        """The language detected in a patient's message, or an assistant turn's ``lang``."""
        if self.who != "patient":
            return self.custom.get("lang")
        found = [e.get("value") for e in self.entities if e.get("entity") == "lang"]
        return str(found[-1]) if found else None

    @property
    def shown_entities(self) -> List[Dict[str, Any]]:
        """The terms a patient named (the language has a column of its own)."""
        return [e for e in self.entities if e.get("entity") != "lang"]

    @property
    def opened_chat(self) -> bool:
        """The widget's opening message: not something the patient typed."""
        return self.who == "patient" and self.intent == OPEN_CHAT_INTENT


def assistant_message(text: str, at: datetime, data: Dict[str, Any]) -> Turn:
    """One bot message (Rasa's REST reply or a stored ``bot`` event's data) as a turn."""
    custom = data.get("custom") or {}
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in data.get("buttons") or []
    ]
    return Turn(
        "assistant",
        text or "",
        at,
        kind=custom.get("kind"),
        section=custom.get("section"),
        custom=custom,
        buttons=buttons,
    )


def fold_replies(turns: Iterable[Turn]) -> List[Turn]:
    """One assistant turn per reply: Rasa sends a reply's texts, then its custom object,
    as separate messages; the texts join (a blank line apart) and take that object."""
    folded: List[Turn] = []
    for turn in turns:
        previous = folded[-1] if folded else None
        still_open = (
            turn.who == "assistant"
            and previous is not None
            and previous.who == "assistant"
            and not previous.custom
        )
        if not still_open or previous is None:
            folded.append(turn)
            continue
        if turn.text:
            previous.text = f"{previous.text}\n\n{turn.text}" if previous.text else turn.text
        previous.buttons += turn.buttons
        if turn.custom:
            previous.custom, previous.kind, previous.section = turn.custom, turn.kind, turn.section
    return folded


def _intent(data: Dict[str, Any]) -> str | None:
    return ((data.get("parse_data") or {}).get("intent") or {}).get("name")


def _when(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(timestamp or 0, tz=timezone.utc)


def has_events(connection: Connection) -> bool:
    return inspect(connection).has_table("events")


def _messages(connection: Connection) -> Iterator[Tuple[str, str, float, Dict[str, Any]]]:
    """Every patient and assistant message, and every pause and resume (a care navigator
    taking a live chat and handing it back), in store order: (sender, type, time, event)."""
    if not has_events(connection):
        return
    query = (
        select(events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.type_name.in_(("user", "bot", "pause", "resume")))
        .order_by(events.c.id)
    )
    for sender, type_name, timestamp, raw in connection.execute(query):
        yield sender, type_name, timestamp, json.loads(raw or "{}")


def _turns(rows: Iterable[Tuple[str, float, str | None]]) -> List[Turn]:
    """Stored ``user`` and ``bot`` events (type, time, data) as folded turns."""
    turns: List[Turn] = []
    for type_name, timestamp, raw in rows:
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
            turns.append(
                assistant_message(data.get("text") or "", _when(timestamp), data.get("data") or {})
            )
    return fold_replies(turns)


def transcript(connection: Connection, sender_id: str) -> List[Turn]:
    if not has_events(connection):
        return []
    query = (
        select(events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id, events.c.type_name.in_(("user", "bot")))
        .order_by(events.c.id)
    )
    return _turns(connection.execute(query))


def turns_after(connection: Connection, sender_id: str, after_id: int) -> Tuple[List[Turn], int]:
    """The conversation's turns stored after event ``after_id``, and the newest event id
    (what to ask after next time): a live chat's feed."""
    if not has_events(connection):
        return [], after_id
    query = (
        select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id, events.c.id > after_id)
        .order_by(events.c.id)
    )
    rows = connection.execute(query).all()
    cursor = rows[-1].id if rows else after_id
    shown = [(r.type_name, r.timestamp, r.data) for r in rows if r.type_name in ("user", "bot")]
    return _turns(shown), cursor


def latest_patient_intent(connection: Connection, sender_id: str) -> str | None:
    """The intent NLU gave the patient's latest stored message (while a conversation is
    paused Rasa still parses and stores each message, with the safety override)."""
    query = (
        select(events.c.data)
        .where(events.c.sender_id == sender_id, events.c.type_name == "user")
        .order_by(events.c.id.desc())
        .limit(1)
    )
    raw = connection.execute(query).scalar_one_or_none()
    return _intent(json.loads(raw or "{}")) if raw is not None else None


def patient_messages_with_replies(connection: Connection) -> List[Turn]:
    """Every patient message the assistant was asked (not those to a care navigator in a
    live chat), with the kind of the reply it got."""
    last_by_sender: Dict[str, Turn] = {}
    messages: List[Turn] = []
    paused: Set[str] = set()
    for sender, type_name, timestamp, data in _messages(connection):
        if type_name == "pause":
            paused.add(sender)
            last_by_sender.pop(sender, None)
        elif type_name == "resume":
            paused.discard(sender)
        elif sender in paused:
            continue
        elif type_name == "user":
            intent = (data.get("parse_data") or {}).get("intent") or {}
            turn = Turn(
                "patient",
                data.get("text") or "",
                _when(timestamp),
                intent.get("name"),
                intent.get("confidence"),
            )
            last_by_sender[sender] = turn
            messages.append(turn)
        elif sender in last_by_sender:
            kind = ((data.get("data") or {}).get("custom") or {}).get("kind")
            if kind and kind != "disclaimer" and last_by_sender[sender].kind is None:
                last_by_sender[sender].kind = kind
    return messages


def slot_values(connection: Connection, slots: Iterable[str]) -> List[str]:
    """Every value ever set for ``slots`` (e.g. the names patients typed in forms)."""
    if not has_events(connection):
        return []
    wanted = set(slots)
    query = select(events.c.data).where(events.c.type_name == "slot")
    values = []
    for (raw,) in connection.execute(query):
        data = json.loads(raw or "{}")
        if data.get("name") in wanted and isinstance(data.get("value"), str):
            values.append(data["value"])
    return values


def latest_patient_message(connection: Connection, sender_id: str) -> Tuple[str, float] | None:
    """The text and time of the patient's latest stored message in this conversation."""
    query = (
        select(events.c.data, events.c.timestamp)
        .where(events.c.sender_id == sender_id, events.c.type_name == "user")
        .order_by(events.c.id.desc())
        .limit(1)
    )
    row = connection.execute(query).first()
    if row is None:
        return None
    return str(json.loads(row.data or "{}").get("text") or ""), float(row.timestamp or 0)


def patient_texts(connection: Connection, senders: Sequence[str]) -> Set[str]:
    """What the patients of these conversations typed (for retention to find copies)."""
    texts: Set[str] = set()
    for start in range(0, len(senders), 500):  # stay under SQL parameter limits
        query = select(events.c.data).where(
            events.c.type_name == "user", events.c.sender_id.in_(senders[start : start + 500])
        )
        for (raw,) in connection.execute(query):
            text = json.loads(raw or "{}").get("text")
            if isinstance(text, str):
                texts.add(text)
    return texts


def all_turns(connection: Connection) -> List[Tuple[str, Turn]]:
    """Every conversation's turns, oldest first, as (sender id, turn)."""
    if not has_events(connection):
        return []
    senders = connection.execute(select(events.c.sender_id).distinct()).scalars().all()
    return [(sender, turn) for sender in senders for turn in transcript(connection, sender)]
