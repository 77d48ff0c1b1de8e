"""The disclaimer after an emergency reply, when that reply opened the conversation."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.turns import is_first_turn


class ActionDisclaimer(Action):
    def name(self) -> str:
        return "action_disclaimer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if is_first_turn(tracker.events):
            dispatcher.utter_message(response="utter_disclaimer")
        return []
