"""The live-chat side of ``action_handoff`` with real trackers: a person is offered a chat
only when a navigator is on duty, "Chat now" joins the line, a call back or nobody free
gives the form, and a missed chat says so before the form."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from bot.content.knowledge import PageKnowledge
from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.live.line import latest_chat, set_available
from bot.live.models import LiveStatus
from bot.settings import Settings
from bot.staff.accounts import create_user
from tests.conftest import TrackerFactory, user_event, variation

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


def choice(value: str) -> List[Dict[str, Any]]:
    return [{"entity": "handoff_choice", "value": value}]


def handoff(knowledge, settings, tracker, domain):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandoff(knowledge, settings).run(dispatcher, tracker, domain))
    followups = [e["name"] for e in events if e["event"] == "followup"]
    return [m["response"] for m in dispatcher.messages], followups, dispatcher.messages


def test_the_offer_buttons_carry_the_choice(domain: Dict[str, Any]) -> None:
    buttons = variation(domain, "utter_live_offer")["buttons"]
    assert [(b["title"], b["payload"]) for b in buttons] == [
        ("Chat now", '/request_human{"handoff_choice": "chat"}'),
        ("Request a call back", '/request_human{"handoff_choice": "callback"}'),
    ]


def test_with_a_navigator_on_duty_asking_for_a_person_offers_a_chat_and_waits(
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    navigator_available(live_settings)
    tracker = make_tracker("can i talk to someone", "request_human", history=HISTORY)
    said, followups, _ = handoff(knowledge, live_settings, tracker, domain)
    assert (said, followups) == (["utter_live_offer"], ["action_listen"])


@pytest.mark.parametrize("on_duty", [True, False])
def test_a_call_back_or_nobody_on_duty_gives_the_intro_and_the_form(
    on_duty: bool,
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    if on_duty:
        navigator_available(live_settings)
    entities = choice("callback") if on_duty else None
    tracker = make_tracker("Request a call back", "request_human", entities, history=HISTORY)
    said, followups, _ = handoff(knowledge, live_settings, tracker, domain)
    assert (said, followups) == (["utter_handoff_intro"], [])  # the rules start the form


def test_chat_now_joins_the_line_once(
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    navigator_available(live_settings)
    for _ in range(2):  # a second "chat now" keeps the place
        tracker = make_tracker("Chat now", "request_human", choice("chat"), history=HISTORY)
        said, followups, messages = handoff(knowledge, live_settings, tracker, domain)
        assert (said, followups) == (["utter_live_waiting"], ["action_listen"])
        assert messages[-1]["place"] == 1
    with session_scope(live_settings.resolved_database_url) as db:
        chat = latest_chat(db, "patient-1")
        assert chat is not None and chat.status == LiveStatus.WAITING.value and chat.id == 1


def test_chat_now_with_nobody_free_gives_the_form(
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("Chat now", "request_human", choice("chat"), history=HISTORY)
    said, followups, _ = handoff(knowledge, live_settings, tracker, domain)
    assert (said, followups) == (["utter_live_unavailable", "utter_handoff_intro"], [])
    with session_scope(live_settings.resolved_database_url) as db:
        assert latest_chat(db, "patient-1") is None


def test_a_missed_chat_says_so_and_the_form_follows_without_a_new_offer(
    knowledge: PageKnowledge,
    live_settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    navigator_available(live_settings)
    tracker = make_tracker("/request_human", "request_human", choice("missed"), history=HISTORY)
    said, followups, _ = handoff(knowledge, live_settings, tracker, domain)
    assert (said, followups) == (["utter_live_missed"], [])
