"""Connecting a patient to a person: the page's own invitation and the phone line."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import PatientAction


class ActionHandoff(PatientAction):
    def name(self) -> str:
        return "action_handoff"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_handoff",
            invitation=self.knowledge.invitation or "",
            phone=self.settings.hospital_phone,
        )
        return []
