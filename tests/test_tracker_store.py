"""The tracker store's cache never hides what the database holds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from components.tracker_store import LetsChatSQLTrackerStore


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def store(domain: Domain, db: Path) -> LetsChatSQLTrackerStore:
    return LetsChatSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))


def turn(tracker: DialogueStateTracker, text: str) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(BotUttered("hello", {"custom": {"kind": "smalltalk"}}))
    tracker.update(ActionExecuted("action_listen"))


def test_a_saved_tracker_comes_back_whole(domain: Domain, tmp_path: Path) -> None:
    a = store(domain, tmp_path / "t.db")
    tracker = DialogueStateTracker("p1", domain.slots)
    turn(tracker, "hi")
    asyncio.run(a.save(tracker))
    again = asyncio.run(a.retrieve("p1"))
    assert again is not None and [e.as_dict() for e in again.events] == [
        e.as_dict() for e in tracker.events
    ]


def test_events_written_by_another_server_are_read(domain: Domain, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first, second = store(domain, db), store(domain, db)
    tracker = DialogueStateTracker("p2", domain.slots)
    turn(tracker, "hi")
    asyncio.run(first.save(tracker))
    other = asyncio.run(second.retrieve("p2"))
    assert other is not None
    turn(other, "hello again")
    asyncio.run(second.save(other))
    seen = asyncio.run(first.retrieve("p2"))
    assert seen is not None and len(seen.events) == len(other.events) == 6


def test_a_turn_that_failed_before_saving_is_not_served(domain: Domain, tmp_path: Path) -> None:
    a = store(domain, tmp_path / "t.db")
    tracker = DialogueStateTracker("p3", domain.slots)
    turn(tracker, "hi")
    asyncio.run(a.save(tracker))
    kept = asyncio.run(a.retrieve("p3"))
    assert kept is not None
    turn(kept, "this turn crashed before save")  # mutated in memory only
    fresh = asyncio.run(a.retrieve("p3"))
    assert fresh is not None and len(fresh.events) == 3
