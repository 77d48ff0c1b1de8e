"""The actions with real rasa-sdk trackers, dispatchers and the project's domain."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.disclaimer import ActionDisclaimer
from actions.fallback import ActionFallback
from actions.handoff import ActionHandoff
from actions.smalltalk import ActionSmalltalk
from bot.content.knowledge import PageKnowledge
from bot.settings import Settings
from tests.conftest import TrackerFactory, bot_event, user_event, variation


def entities_for(knowledge: PageKnowledge, text: str) -> List[Dict[str, Any]]:
    """Entities as the NLU pipeline's TermEntityExtractor reports them."""
    return [
        {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end}
        for m in knowledge.matcher.find(text)
    ]


def run(action, dispatcher, tracker, domain) -> List[Dict[str, Any]]:  # type: ignore[no-untyped-def]
    return asyncio.run(action.run(dispatcher, tracker, domain))


def kinds(dispatcher: CollectingDispatcher, domain: Dict[str, Any]) -> List[str]:
    """The custom kind of each message, looking responses up in the domain."""
    found = []
    for message in dispatcher.messages:
        custom = message.get("custom") or {}
        if message.get("response"):
            custom = variation(domain, message["response"])["custom"]
        found.append(custom["kind"])
    return found


LATER = [user_event("hi", "greet"), bot_event("disclaimer"), bot_event("smalltalk")]


def test_first_answer_starts_with_the_disclaimer_and_cites_its_section(
    knowledge: PageKnowledge,
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("what causes dystonia?", "ask_causes")
    events = run(ActionAnswer(knowledge, settings), dispatcher, tracker, domain)
    assert events == []
    assert kinds(dispatcher, domain) == ["disclaimer", "answer"]
    answer = dispatcher.messages[1]
    assert "basal ganglia" in answer["text"]
    assert answer["custom"] == {
        "kind": "answer",
        "lang": "en",
        "section": "causes",
        "heading": "What causes dystonia?",
        "source": {"title": settings.page_title, "url": "http://localhost:8000/#causes"},
    }


def test_later_answers_carry_no_disclaimer(
    knowledge: PageKnowledge,
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    text = "what is focal dystonia?"
    tracker = make_tracker(text, "ask_types", entities_for(knowledge, text), history=LATER)
    run(ActionAnswer(knowledge, settings), dispatcher, tracker, domain)
    assert kinds(dispatcher, domain) == ["answer"]
    assert dispatcher.messages[0]["text"] == (
        "• Focal dystonia affects one particular area of your body."
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what causes migraines?", "ask_causes"),
        ("how is Parkinson's treated?", "ask_treatment"),
        ("is dystonia the same as MS", "ask_what_is"),
    ],
)
def test_other_conditions_get_a_fallback_never_dystonia_text(
    knowledge: PageKnowledge,
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    text: str,
    intent: str,
) -> None:
    tracker = make_tracker(text, intent, entities_for(knowledge, text), history=LATER)
    run(ActionAnswer(knowledge, settings), dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_other_condition"]
    assert kinds(dispatcher, domain) == ["fallback"]


def test_a_second_fallback_in_a_row_offers_a_person(
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    history = [*LATER, user_event("blorp", "nlu_fallback"), bot_event("fallback")]
    tracker = make_tracker("zzz qqq", "nlu_fallback", history=history)
    events = run(ActionFallback(settings=settings), dispatcher, tracker, domain)
    assert kinds(dispatcher, domain) == ["handoff"]
    assert dispatcher.messages[0]["response"] == "utter_offer_handoff"
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_offered", "value": True}
    ]


def test_a_single_fallback_does_not_offer(
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("zzz qqq", "nlu_fallback", history=LATER)
    assert run(ActionFallback(settings=settings), dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_fallback"]


def test_personal_advice_points_to_the_provider(
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("should I stop my meds", "personal_advice", history=LATER)
    run(ActionFallback(settings=settings), dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_personal_advice"]
    assert "health care provider" in variation(domain, "utter_personal_advice")["text"]


def test_an_answer_after_an_offer_withdraws_it(
    knowledge: PageKnowledge,
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker(
        "what are the symptoms", "ask_symptoms", history=LATER, slots={"handoff_offered": True}
    )
    events = run(ActionAnswer(knowledge, settings), dispatcher, tracker, domain)
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_offered", "value": False}
    ]


def test_handoff_explains_what_happens_next_with_the_page_invitation(
    knowledge: PageKnowledge,
    settings: Settings,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("can someone call me", "request_human", history=LATER)
    run(ActionHandoff(knowledge, settings), dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_handoff_intro"
    assert message["invitation"].startswith("Vidant Health can connect you")
    assert message["phone"] == settings.hospital_phone
    assert message["response_time"] == settings.handoff_response_time
    assert kinds(dispatcher, domain) == ["handoff"]


@pytest.mark.parametrize(("history", "expected"), [([], 1), (LATER, 0)])
def test_disclaimer_after_an_emergency_only_on_the_first_turn(
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    history: List[Dict[str, Any]],
    expected: int,
) -> None:
    tracker = make_tracker("I can't breathe", "emergency", history=history)
    run(ActionDisclaimer(), dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_disclaimer"] * expected


@pytest.mark.parametrize(
    ("intent", "response"),
    [
        ("greet", "utter_greet"),
        ("thank", "utter_thank"),
        ("goodbye", "utter_goodbye"),
        ("bot_challenge", "utter_bot_challenge"),
        ("affirm", "utter_ok"),
    ],
)
def test_smalltalk_replies(
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    settings: Settings,
    intent: str,
    response: str,
) -> None:
    run(ActionSmalltalk(settings=settings), dispatcher, make_tracker("x", intent), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_disclaimer", response]
    assert kinds(dispatcher, domain) == ["disclaimer", "smalltalk"]


def test_an_unreadable_content_store_still_gets_the_patient_a_reply(
    tmp_path,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    empty = Settings(var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    tracker = make_tracker("what causes dystonia?", "ask_causes", history=LATER)
    assert run(ActionAnswer(settings=empty), dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_unavailable"]
    assert dispatcher.messages[0]["phone"] == empty.hospital_phone
    assert kinds(dispatcher, domain) == ["fallback"]
