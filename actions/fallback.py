"""Fallbacks: say what the assistant cannot do; a second one in a row offers a person."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import HANDOFF_OFFERED, PatientAction
from actions.turns import previous_turn_kinds

RESPONSE_FOR_INTENT = {
    "personal_advice": "utter_personal_advice",
    "out_of_scope": "utter_other_condition",
}
NOT_HELPFUL = "not_helpful"


def utter_fallback(
    dispatcher: CollectingDispatcher, tracker: Tracker, response: str
) -> List[EventType]:
    """Utter ``response``, or offer a person when the last turn was a fallback too."""
    if "fallback" in previous_turn_kinds(tracker.events):
        dispatcher.utter_message(response="utter_offer_handoff")
        return [SlotSet(HANDOFF_OFFERED, True)]
    dispatcher.utter_message(response=response)
    return []


class ActionFallback(PatientAction):
    def name(self) -> str:
        return "action_fallback"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name", "")
        if intent == NOT_HELPFUL:  # offer a person at once, never force one
            dispatcher.utter_message(response="utter_offer_help")
            return [SlotSet(HANDOFF_OFFERED, True)]
        return utter_fallback(
            dispatcher, tracker, RESPONSE_FOR_INTENT.get(intent, "utter_fallback")
        )
