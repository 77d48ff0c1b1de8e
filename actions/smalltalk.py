"""Greetings, thanks, goodbyes, "are you a bot?", and yes/no with nothing pending."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import PatientAction

RESPONSE_FOR_INTENT = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_thank",
    "bot_challenge": "utter_bot_challenge",
}


class ActionSmalltalk(PatientAction):
    def name(self) -> str:
        return "action_smalltalk"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name", "")
        dispatcher.utter_message(response=RESPONSE_FOR_INTENT.get(intent, "utter_ok"))
        return []
