"""The live-chat actions with real trackers: a person is offered a chat only when a
navigator is on duty, "Chat now" joins the line, and nobody free starts the form."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from actions.live import ActionStartLiveChat
from bot.content.knowledge import PageKnowledge
from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.live.line import latest_chat, set_available
from bot.live.models import LiveStatus
from bot.settings import Settings
from bot.staff.accounts import create_user
from tests.conftest import TrackerFactory, user_event

HISTORY = [user_event("what causes dystonia?", "ask_causes")]


@pytest.fixture
def live_settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    settings = Settings(var_dir=tmp_path / "var", live_hours="Mon-Sun 00:00-24:00")
    upgrade(settings.resolved_database_url)
    return settings


def navigator_available(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as db:
        user = create_user(db, "nina", "navigator", "quiet harbor lantern mosaic 42")
        set_available(db, user.id, True, datetime.now(timezone.utc))


def run(action, dispatcher, tracker, domain):  # type: ignore[no-untyped-def]
    return asyncio.run(action.run(dispatcher, tracker, domain))


def responses(dispatcher: CollectingDispatcher) -> list:
    return [m["response"] for m in dispatcher.messages]


def test_with_a_navigator_on_duty_asking_for_a_person_offers_a_chat_and_waits(
    knowledge: PageKnowledge,
    live_settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    navigator_available(live_settings)
    tracker = make_tracker("can i talk to someone", "request_human", history=HISTORY)
    events = run(ActionHandoff(knowledge, live_settings), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_live_offer"]
    assert {"event": "followup", "name": "action_listen"} in [
        {k: e[k] for k in ("event", "name")} for e in events if e["event"] == "followup"
    ]
    buttons = next(r for r in domain["responses"]["utter_live_offer"])["buttons"]
    assert [b["payload"] for b in buttons] == ["/live_chat_now", "/request_callback"]


@pytest.mark.parametrize("on_duty", [True, False])
def test_a_call_back_or_nobody_on_duty_gives_the_intro_and_the_form(
    on_duty: bool,
    knowledge: PageKnowledge,
    live_settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    if on_duty:
        navigator_available(live_settings)
    intent = "request_callback" if on_duty else "request_human"
    tracker = make_tracker("call me back instead", intent, history=HISTORY)
    events = run(ActionHandoff(knowledge, live_settings), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_handoff_intro"]
    assert not [e for e in events if e["event"] == "followup"]  # the rules start the form


def test_chat_now_joins_the_line_once(
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    navigator_available(live_settings)
    action = ActionStartLiveChat(knowledge, live_settings)
    for _ in range(2):  # a second "chat now" keeps the place
        dispatcher = CollectingDispatcher()
        run(action, dispatcher, make_tracker("chat now", "live_chat_now", history=HISTORY), domain)
        assert dispatcher.messages[-1]["response"] == "utter_live_waiting"
        assert dispatcher.messages[-1]["place"] == 1
    with session_scope(live_settings.resolved_database_url) as db:
        chat = latest_chat(db, "patient-1")
        assert chat is not None and chat.status == LiveStatus.WAITING.value and chat.id == 1


def test_chat_now_with_nobody_free_starts_the_callback_form(
    knowledge: PageKnowledge,
    live_settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("chat now", "live_chat_now", history=HISTORY)
    events = run(ActionStartLiveChat(knowledge, live_settings), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_live_unavailable", "utter_handoff_intro"]
    assert [e["name"] for e in events if e["event"] == "followup"] == ["handoff_form"]
    with session_scope(live_settings.resolved_database_url) as db:
        assert latest_chat(db, "patient-1") is None
