"""The console's read model holds what the tracker store holds, on SQLite and PostgreSQL.

Rows kept turn by turn by the tracker store's save must equal rows derived from the
events afterwards; a rebuild beside live saves never undoes one; purge and the warm-up's
clean-up remove both; the console finds events written by something else.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine

from bot.conversations import ConversationFilter, count_conversations, list_conversations
from bot.conversations.read_model import ConversationRow, as_row, derive, summaries, write_row
from bot.conversations.upkeep import behind, catch_up, forget_conversations, rebuild
from bot.settings import PROJECT_ROOT
from components.tracker_store import LetsChatSQLTrackerStore
from tests.conftest import store_events

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "letschat_read_model"
SECTIONS = ("causes", "treatment", "symptoms", "types")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _fresh_postgres() -> str:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:  # PostgreSQL is required: no skip
            connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
    finally:
        admin.dispose()
    return f"postgresql://postgres@127.0.0.1:5432/{PG_DATABASE}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, domain: Domain, tmp_path: Path) -> Iterator[LetsChatSQLTrackerStore]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        made = LetsChatSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    else:
        _fresh_postgres()
        made = LetsChatSQLTrackerStore(
            domain=domain,
            dialect="postgresql",
            host="127.0.0.1",
            port=5432,
            username="postgres",
            db=PG_DATABASE,
        )
    yield made
    made.engine.dispose()


def patient_turn(tracker: DialogueStateTracker, said: str, kind: str, section: str | None) -> None:
    tracker.update(UserUttered(said, {"name": "ask_causes", "confidence": 0.9}))
    custom: Dict[str, Any] = {"kind": kind, **({"section": section} if section else {})}
    tracker.update(BotUttered("a reply", {"custom": custom}))
    tracker.update(ActionExecuted("action_listen"))


def talk(store: LetsChatSQLTrackerStore, sender: str, turns: List[tuple]) -> None:
    """Save after every turn, as Rasa does."""
    tracker = DialogueStateTracker(sender, [])
    tracker.update(SessionStarted())
    for said, kind, section in turns:
        patient_turn(tracker, said, kind, section)
        asyncio.run(store.save(tracker))
        tracker = asyncio.run(store.retrieve(sender)) or tracker


def rows(engine: Engine) -> Dict[str, ConversationRow]:
    with engine.connect() as connection:
        found = connection.execute(select(summaries)).all()
    return {r.sender_id: as_row(r, with_text=True) for r in found}


def random_turns(rng: random.Random) -> List[tuple]:
    kinds = ["answer", "answer", "fallback", "handoff", "emergency", "smalltalk"]
    turns = []
    for i in range(rng.randint(1, 6)):
        kind = rng.choice(kinds)
        turns.append(
            (
                f"Question {i} about BOTOX {rng.random():.3f}",
                kind,
                rng.choice(SECTIONS) if kind == "answer" else None,
            )
        )
    return turns


def test_rows_kept_turn_by_turn_equal_rows_derived_afterwards(
    store: LetsChatSQLTrackerStore,
) -> None:
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    for n in range(12):
        talk(store, f"patient-{n}", random_turns(rng))
    live = rows(store.engine)
    with store.engine.connect() as connection:
        assert not behind(connection)  # the saves kept the rows; nothing was caught up
        derived = {r.sender_id: r for r in derive(connection, sorted(live))}
    assert live == derived and len(live) == 12
    flagged = [r for r in live.values() if "emergency" in r.flags]
    with store.engine.connect() as connection:
        listed = list_conversations(connection, ConversationFilter(flag="emergency"), limit=50)
    assert {r.sender_id for r in listed} == {r.sender_id for r in flagged}


def test_the_console_filters_search_and_counts(store: LetsChatSQLTrackerStore) -> None:
    talk(store, "p-causes", [("What CAUSES it?", "answer", "causes")])
    talk(store, "p-100%", [("is 100% of it genetic", "fallback", None)])
    talk(
        store, "p-help", [("I need help", "handoff", None), ("what causes it", "answer", "causes")]
    )
    with store.engine.connect() as connection:

        def found(**chosen: Any) -> List[str]:
            return [
                r.sender_id
                for r in list_conversations(connection, ConversationFilter(**chosen), 50)
            ]

        assert sorted(found(text="causes")) == ["p-causes", "p-help"]
        assert found(text="100%") == ["p-100%"]  # a wildcard character is a character
        assert found(text="_") == []
        assert found(flag="handoff") == ["p-help"]
        assert count_conversations(connection, ConversationFilter()) == 3
        page = list_conversations(connection, ConversationFilter(), limit=2, offset=2)
        assert len(page) == 1
        assert page[0].started is not None and page[0].started.tzinfo is not None


def test_a_rebuild_never_undoes_a_newer_save(store: LetsChatSQLTrackerStore) -> None:
    talk(store, "p-race", [("first", "answer", "causes")])
    with store.engine.connect() as connection:
        before = derive(connection, ["p-race"])[0]  # what a rebuild read, then was slow
    stored = asyncio.run(store.retrieve("p-race"))
    assert stored is not None
    patient_turn(stored, "second", "answer", "treatment")
    asyncio.run(store.save(stored))
    with store.engine.begin() as connection:
        assert not write_row(connection, before)  # derived from fewer events: refused
    assert rows(store.engine)["p-race"].sections == ["causes", "treatment"]


def test_rebuild_derives_what_was_written_without_it_and_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    for n in range(30):
        store_events(
            url,
            f"old-{n:02d}",
            [
                {
                    "event": "user",
                    "text": f"question {n}",
                    "parse_data": {"intent": {"name": "ask"}},
                },
                {
                    "event": "bot",
                    "text": "x",
                    "data": {"custom": {"kind": "answer", "section": "causes"}},
                },
            ],
            1700000000 + n,
        )
    result = subprocess.run(
        [sys.executable, "-m", "bot.conversations", "rebuild"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"LETSCHAT_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "30 conversations derived, 30 rows written" in result.stdout
    assert "read model" in result.stderr and "30/30" in result.stderr  # the progress bar
    engine = create_engine(url)
    assert len(rows(engine)) == 30 and rows(engine)["old-07"].sections == ["causes"]
    assert rebuild(engine).conversations == 0  # nothing stale any more
    assert rebuild(engine, everything=True).written == 30  # same rows again
    assert len(rows(engine)) == 30
    engine.dispose()


def test_the_console_catches_up_with_events_written_by_another_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(url)
    rebuild(engine)
    store_events(url, "elsewhere", [{"event": "user", "text": "hi", "parse_data": {}}], 1.0e9)
    with engine.connect() as connection:
        assert behind(connection)
    catch_up(engine)
    with engine.connect() as connection:
        assert not behind(connection)
    assert rows(engine)["elsewhere"].turns == 1
    engine.dispose()


def test_forgetting_conversations_removes_their_rows(store: LetsChatSQLTrackerStore) -> None:
    talk(store, "letschat-warm-up-1", [("what causes dystonia", "answer", "causes")])
    talk(store, "patient-stays", [("what causes dystonia", "answer", "causes")])
    with store.engine.begin() as connection:
        assert forget_conversations(connection, "letschat-warm-up-") == 1
    assert list(rows(store.engine)) == ["patient-stays"]
    with store.engine.connect() as connection:
        assert not behind(connection)


def test_a_random_sender_is_listed_once_per_conversation(store: LetsChatSQLTrackerStore) -> None:
    sender = uuid.uuid4().hex
    talk(store, sender, [("a", "answer", "types"), ("b", "answer", "types")])
    row = rows(store.engine)[sender]
    assert row.turns == 2 and row.sections == ["types"]


def test_a_save_after_another_writer_derives_the_whole_row(
    store: LetsChatSQLTrackerStore,
) -> None:
    """Events another writer put in between (an older release, a tool) are not skipped
    by the next save, and the rebuild finds conversations only they wrote."""
    url = store.engine.url.render_as_string(hide_password=False)
    talk(store, "p-mixed", [("first", "answer", "causes")])
    user = {"event": "user", "text": "second", "parse_data": {"intent": {"name": "ask"}}}
    answer = {
        "event": "bot",
        "text": "x",
        "data": {"custom": {"kind": "answer", "section": "types"}},
    }
    store_events(url, "p-mixed", [user, answer], 1.8e9)
    store_events(url, "p-elsewhere", [user], 1.8e9)
    stored = asyncio.run(store.retrieve("p-mixed"))
    assert stored is not None
    patient_turn(stored, "third", "answer", "treatment")
    asyncio.run(store.save(stored))
    with store.engine.connect() as connection:
        derived = derive(connection, ["p-mixed"])[0]
    assert rows(store.engine)["p-mixed"] == derived
    assert derived.turns == 3 and derived.sections == ["causes", "types", "treatment"]
    assert "p-elsewhere" not in rows(store.engine)
    rebuild(store.engine)
    assert rows(store.engine)["p-elsewhere"].turns == 1
