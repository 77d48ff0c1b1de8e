"""Connecting a patient to a person: start, pause, cancel and submit the handoff form."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import (
    HANDOFF_OFFERED,
    PatientAction,
    UsesPage,
    language_of,
    reply_custom,
    utter_callback_intro,
)
from actions.live import CALLBACK, CHAT, MISSED, choice_of, join, navigator_on_duty
from actions.turns import answered_sections, loop_started_at
from bot.db import session_scope
from bot.handoff.contact import Contact, parse_contact
from bot.handoff.store import HandoffDetails, create_request, idempotency_key
from bot.redaction import session_ref

logger = logging.getLogger(__name__)

FORM = "handoff_form"
FORM_SLOTS = (
    "contact_name",
    "contact",
    "best_time",
    "help_need",
    "contact_consent",
    "handoff_confirmed",
)


def clear_form() -> List[EventType]:
    """Forget everything the form collected (after submit, cancel or refusal)."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS] + [
        SlotSet("contact_tries", 0),
        SlotSet("requested_slot", None),
    ]


class ActionHandoff(PatientAction):
    """Offers a live chat when a care navigator is on duty; puts the patient in line when
    they chose it; otherwise explains the call back, and the form follows (the rules)."""

    def name(self) -> str:
        return "action_handoff"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        choice = choice_of(tracker)
        if choice == MISSED:  # nobody accepted in time: the form offers a call back
            dispatcher.utter_message(response="utter_live_missed")
            return []
        on_duty = choice != CALLBACK and navigator_on_duty(self.settings, tracker.sender_id)
        if on_duty and choice == CHAT:
            place = join(self.settings, tracker)
            if place:
                dispatcher.utter_message(response="utter_live_waiting", place=place)
                return [FollowupAction("action_listen")]  # no form: a person is coming
        elif on_duty:
            dispatcher.utter_message(response="utter_live_offer")
            return [FollowupAction("action_listen")]  # the patient chooses; no form yet
        if choice == CHAT:
            dispatcher.utter_message(response="utter_live_unavailable")
        utter_callback_intro(dispatcher, self, tracker)
        return []  # PatientAction withdraws a pending offer: it is being taken


class ActionCancelHandoff(UsesPage, Action):
    def name(self) -> str:
        return "action_cancel_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_handoff_cancelled", phone=self.settings.hospital_phone
        )
        return [ActiveLoop(None), *clear_form()]


class ActionPauseHandoff(Action):
    """After an emergency reply: the form stops, keeps what it has, and offers to go on."""

    def name(self) -> str:
        return "action_pause_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_handoff_paused")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(HANDOFF_OFFERED, True)]


class ActionSubmitHandoff(UsesPage, Action):
    """Stores the confirmed request once and tells the patient its reference."""

    def name(self) -> str:
        return "action_submit_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        phone = self.settings.hospital_phone
        if tracker.get_slot("contact_consent") is not True:
            dispatcher.utter_message(response="utter_handoff_no_consent", phone=phone)
            return clear_form()
        contact = parse_contact(tracker.get_slot("contact") or "")
        if not isinstance(contact, Contact):  # validated already; never store a bad one
            dispatcher.utter_message(response="utter_handoff_failed", phone=phone)
            return clear_form()
        language = language_of(tracker)
        details = HandoffDetails(
            sender_id=tracker.sender_id,
            name=tracker.get_slot("contact_name"),
            contact=contact,
            best_time=tracker.get_slot("best_time"),
            need=tracker.get_slot("help_need"),
            sections_asked=answered_sections(tracker.events),
            consent=True,
            language=language,
        )
        key = idempotency_key(tracker.sender_id, loop_started_at(tracker.events, FORM))
        url = self.settings.resolved_database_url
        try:
            with session_scope(url) as session:
                reference = create_request(session, details, key).reference
        except (SQLAlchemyError, OSError):
            logger.exception("handoff request not stored (%s)", session_ref(tracker.sender_id))
            dispatcher.utter_message(response="utter_handoff_failed", phone=phone)
            return [*clear_form()]
        dispatcher.utter_message(
            response="utter_handoff_stored",
            reference=reference,
            response_time=self.settings.response_time_in(language),
            phone=phone,
            json_message=reply_custom("handoff", language, handoff_id=reference),
        )
        return [*clear_form(), SlotSet("handoff_id", reference)]
