"""The handoff form's validation and its submit/cancel actions, with real trackers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import FORM_SLOTS, ActionCancelHandoff, ActionSubmitHandoff
from actions.handoff_form import ValidateHandoffForm
from bot.content.knowledge import PageKnowledge
from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.handoff.store import list_requests
from bot.settings import Settings
from tests.conftest import TrackerFactory, bot_event, user_event

FILLED = {
    "contact_name": "Jane Doe",
    "contact": "(252) 555-0123",
    "best_time": "mornings",
    "help_need": "Find a specialist",
    "contact_consent": True,
    "handoff_confirmed": True,
    "handoff_offered": False,
    "contact_tries": 0,
    "requested_slot": None,
}
HISTORY = [
    user_event("what causes dystonia?", "ask_causes"),
    {"event": "bot", "text": "...", "data": {"custom": {"kind": "answer", "section": "causes"}}},
    user_event("can someone call me", "request_human"),
    bot_event("handoff"),
    {"event": "active_loop", "name": "handoff_form", "timestamp": 1700000000.5},
]


@pytest.fixture
def validator(knowledge: PageKnowledge, settings: Settings) -> ValidateHandoffForm:
    return ValidateHandoffForm(knowledge, settings)


def with_confidence(tracker, confidence: float):  # type: ignore[no-untyped-def]
    tracker.latest_message["intent"]["confidence"] = confidence
    return tracker


def test_a_page_question_mid_form_is_answered_and_the_slot_asked_again(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = with_confidence(
        make_tracker("what causes dystonia?", "ask_causes", history=HISTORY), 0.97
    )
    assert validator.validate_contact("what causes dystonia?", dispatcher, tracker, domain) == {
        "contact": None
    }
    answer = dispatcher.messages[0]
    assert answer["custom"]["kind"] == "answer" and "basal ganglia" in answer["text"]


def test_a_valid_contact_is_kept_in_a_readable_form(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("252.555.0123", "nlu_fallback", slots={"contact_tries": 2})
    assert validator.validate_contact("252.555.0123", dispatcher, tracker, domain) == {
        "contact": "(252) 555-0123",
        "contact_tries": 0,
    }
    assert dispatcher.messages == []


@pytest.mark.parametrize(("tries_before", "offers_phone"), [(0, False), (1, False), (2, True)])
def test_bad_contacts_are_re_asked_and_the_third_offers_the_phone_line(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    settings: Settings,
    tries_before: int,
    offers_phone: bool,
) -> None:
    tracker = make_tracker("call me maybe", "nlu_fallback", slots={"contact_tries": tries_before})
    result = validator.validate_contact("call me maybe", dispatcher, tracker, domain)
    assert result == {"contact": None, "contact_tries": tries_before + 1}
    text = dispatcher.messages[0]["text"]
    assert "phone number" in text
    assert (settings.hospital_phone in text) is offers_phone
    assert dispatcher.messages[0]["custom"] == {"kind": "handoff", "lang": "en"}


def test_too_long_free_text_gets_a_clear_message(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    long_text = "please help " * 60
    tracker = make_tracker(long_text, "nlu_fallback")
    assert validator.validate_help_need(long_text, dispatcher, tracker, domain) == {
        "help_need": None
    }
    assert "under 500 characters" in dispatcher.messages[0]["text"]


def test_markup_is_stored_as_typed(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    text = "<img src=x onerror=alert(1)>"
    tracker = make_tracker(text, "nlu_fallback")
    assert validator.validate_contact_name(text, dispatcher, tracker, domain) == {
        "contact_name": text
    }


@pytest.mark.parametrize(("intent", "expected"), [("affirm", True), ("deny", False)])
def test_consent_is_an_explicit_yes_or_no(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    intent: str,
    expected: bool,
) -> None:
    tracker = make_tracker("x", intent)
    assert validator.validate_contact_consent("x", dispatcher, tracker, domain) == {
        "contact_consent": expected
    }


def test_anything_else_for_consent_asks_for_yes_or_no(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("maybe later", "nlu_fallback")
    assert validator.validate_contact_consent("maybe later", dispatcher, tracker, domain) == {
        "contact_consent": None
    }
    assert dispatcher.messages[0]["response"] == "utter_yes_or_no"


def test_refused_consent_skips_the_confirmation(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    slots = list(FORM_SLOTS)
    refused = make_tracker("no", "deny", slots={"contact_consent": False})
    given = make_tracker("yes", "affirm", slots={"contact_consent": True})
    assert "handoff_confirmed" not in asyncio.run(
        validator.required_slots(slots, dispatcher, refused, domain)
    )
    assert asyncio.run(validator.required_slots(slots, dispatcher, given, domain)) == slots


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("yes, send it", "affirm", {"handoff_confirmed": True}),
        ("change my phone number", "nlu_fallback", {"contact": None, "handoff_confirmed": None}),
        ("my name is wrong", "deny", {"contact_name": None, "handoff_confirmed": None}),
        ("252-555-0199", "nlu_fallback", {"contact": "(252) 555-0199", "handoff_confirmed": None}),
    ],
)
def test_the_read_back_can_be_confirmed_or_one_field_corrected(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
    text: str,
    intent: str,
    expected: Dict[str, Any],
) -> None:
    tracker = make_tracker(text, intent, slots=FILLED)
    assert validator.validate_handoff_confirmed(text, dispatcher, tracker, domain) == expected


def test_an_unclear_no_asks_what_to_change(
    validator: ValidateHandoffForm,
    dispatcher: CollectingDispatcher,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("no", "deny", slots=FILLED)
    assert validator.validate_handoff_confirmed("no", dispatcher, tracker, domain) == {
        "handoff_confirmed": None
    }
    assert dispatcher.messages[0]["response"] == "utter_ask_which_change"


def run_submit(action, tracker, domain):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_submit_stores_once_and_gives_the_reference(
    knowledge: PageKnowledge,
    settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    upgrade(settings.resolved_database_url)  # as start-up does: the action never migrates
    tracker = make_tracker("yes", "affirm", history=HISTORY, slots=FILLED)
    action = ActionSubmitHandoff(knowledge, settings)
    first, slots = run_submit(action, tracker, domain)
    again, _ = run_submit(action, tracker, domain)  # the action retried with the same tracker
    custom = first.messages[0]["custom"]
    assert custom["kind"] == "handoff" and custom["handoff_id"].startswith("DYS-")
    assert again.messages[0]["custom"]["handoff_id"] == custom["handoff_id"]
    assert first.messages[0]["reference"] == custom["handoff_id"]
    assert slots["handoff_id"] == custom["handoff_id"] and slots["contact"] is None
    with session_scope(settings.resolved_database_url) as session:
        stored = list_requests(session)
    assert len(stored) == 1
    assert stored[0].contact == "+12525550123" and stored[0].sender_id == "patient-1"
    assert stored[0].sections_asked == '["causes"]'


def test_a_storage_failure_is_never_reported_as_success(
    knowledge: PageKnowledge,
    tmp_path: Path,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the database folder should be")
    settings = Settings(var_dir=tmp_path, database_url=f"sqlite:///{blocked}/app.db")
    tracker = make_tracker("yes", "affirm", history=HISTORY, slots=FILLED)
    dispatcher, slots = run_submit(ActionSubmitHandoff(knowledge, settings), tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_failed"]
    assert dispatcher.messages[0]["phone"] == settings.hospital_phone
    assert "handoff_id" not in slots


def test_no_consent_stores_nothing(
    knowledge: PageKnowledge,
    settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker(
        "no", "deny", history=HISTORY, slots={**FILLED, "contact_consent": False}
    )
    dispatcher, slots = run_submit(ActionSubmitHandoff(knowledge, settings), tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_no_consent"]
    assert slots["contact_name"] is None


def test_cancel_stops_the_form_and_forgets_the_details(
    knowledge: PageKnowledge,
    settings: Settings,
    make_tracker: TrackerFactory,
    domain: Dict[str, Any],
) -> None:
    tracker = make_tracker("never mind", "stop", history=HISTORY, slots=FILLED)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionCancelHandoff(knowledge, settings).run(dispatcher, tracker, domain))
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert all(e["value"] in (None, 0) for e in events if e.get("event") == "slot")
    assert dispatcher.messages[0]["response"] == "utter_handoff_cancelled"
