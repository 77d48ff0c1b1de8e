"""Reading a conversation's turns from the tracker's events (plain dicts)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

Event = Dict[str, Any]


def _since_session_start(events: Iterable[Event]) -> List[Event]:
    events = list(events)
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] + 1 :] if starts else events


def bot_kinds_by_turn(events: Iterable[Event]) -> List[List[str]]:
    """For each user message of the session, the ``custom.kind`` of the bot replies to it.

    The last entry is the turn being answered now (replies already sent in it).
    """
    turns: List[List[str]] = []
    for event in _since_session_start(events):
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") == "bot" and turns:
            kind = ((event.get("data") or {}).get("custom") or {}).get("kind")
            if kind:
                turns[-1].append(kind)
    return turns


def is_first_turn(events: Iterable[Event]) -> bool:
    """True while answering the session's first user message."""
    return len(bot_kinds_by_turn(events)) <= 1


def previous_turn_kinds(events: Iterable[Event]) -> List[str]:
    turns = bot_kinds_by_turn(events)
    return turns[-2] if len(turns) >= 2 else []


def answered_sections(events: Iterable[Event]) -> List[str]:
    """Section ids answered in this session, in order, each once."""
    sections: List[str] = []
    for event in _since_session_start(events):
        custom = (event.get("data") or {}).get("custom") or {}
        if event.get("event") == "bot" and custom.get("kind") == "answer":
            section = custom.get("section")
            if section and section not in sections:
                sections.append(section)
    return sections


def loop_started_at(events: Iterable[Event], loop: str) -> str:
    """When ``loop`` was last activated: names one run of a form."""
    started = ""
    for event in events:
        if event.get("event") == "active_loop" and event.get("name") == loop:
            started = str(event.get("timestamp"))
    return started
