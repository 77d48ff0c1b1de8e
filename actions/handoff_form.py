"""Validating the handoff form's answers; page questions asked mid-form get answered."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.answer import utter_answer
from actions.base import UsesPage, language_of, reply_custom
from bot.content.answers import INTENT_TARGETS
from bot.handoff.contact import Problem, check_text, parse_contact
from bot.handoff.flow import field_to_change, is_page_question, offer_phone_line
from bot.messages import say

Slots = Dict[str, Any]


def _intent(tracker: Tracker) -> tuple:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name", ""), float(intent.get("confidence") or 0.0)


class ValidateHandoffForm(UsesPage, FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    def form_name(self) -> str:
        return "handoff_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[str]:
        if tracker.get_slot("contact_consent") is False:  # nothing to confirm or store
            return [s for s in domain_slots if s != "handoff_confirmed"]
        return domain_slots

    def _answered_page_question(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots | None:
        text = (tracker.latest_message or {}).get("text") or ""
        intent, confidence = _intent(tracker)
        if not is_page_question(text, intent, confidence, set(INTENT_TARGETS)):
            return None
        utter_answer(dispatcher, tracker, self.knowledge, self.settings)
        return {slot: None}  # the form asks for this slot again

    def _free_text(
        self, slot: str, field: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        answered = self._answered_page_question(slot, dispatcher, tracker)
        if answered is not None:
            return answered
        checked = check_text(field, str(value or ""))
        if isinstance(checked, Problem):
            language = language_of(tracker)
            dispatcher.utter_message(
                text=checked.message_in(language), json_message=reply_custom("handoff", language)
            )
            return {slot: None}
        return {slot: checked}

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        return self._free_text("contact_name", "name", value, dispatcher, tracker)

    def validate_best_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        return self._free_text("best_time", "best_time", value, dispatcher, tracker)

    def validate_help_need(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        return self._free_text("help_need", "need", value, dispatcher, tracker)

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        answered = self._answered_page_question("contact", dispatcher, tracker)
        if answered is not None:
            return answered
        contact = parse_contact(str(value or ""))
        if not isinstance(contact, Problem):
            return {"contact": contact.display, "contact_tries": 0}
        tries = int(tracker.get_slot("contact_tries") or 0) + 1
        language = language_of(tracker)
        message = contact.message_in(language)
        if offer_phone_line(tries):
            message += " " + say("phone_line_offer", language, phone=self.settings.hospital_phone)
        dispatcher.utter_message(text=message, json_message=reply_custom("handoff", language))
        return {"contact": None, "contact_tries": tries}

    def validate_contact_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        intent, _ = _intent(tracker)
        if intent in ("affirm", "deny"):
            return {"contact_consent": intent == "affirm"}
        answered = self._answered_page_question("contact_consent", dispatcher, tracker)
        if answered is None:
            dispatcher.utter_message(response="utter_yes_or_no")
        return {"contact_consent": None}

    def validate_handoff_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Slots:
        intent, _ = _intent(tracker)
        text = str(value or "")
        if intent == "affirm":
            return {"handoff_confirmed": True}
        answered = self._answered_page_question("handoff_confirmed", dispatcher, tracker)
        if answered is not None:
            return answered
        new_contact = parse_contact(text)
        if not isinstance(new_contact, Problem):  # typed a corrected number straight away
            return {"contact": new_contact.display, "handoff_confirmed": None}
        field = field_to_change(text)
        if field is not None:
            return {field: None, "handoff_confirmed": None}  # asked again, then read back
        dispatcher.utter_message(response="utter_ask_which_change")
        return {"handoff_confirmed": None}
