"""Live chat with a care navigator: joining the line, and the call back when nobody came.

The web app does the rest (accepting, messages, handing back) through Rasa's HTTP API.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import PatientAction, utter_callback_intro
from bot.db import session_scope
from bot.language import ENGLISH
from bot.live.line import join_line, live_chat_offered, place_in_line
from bot.redaction import session_ref
from bot.settings import Settings

logger = logging.getLogger(__name__)
CALLBACK_INTENT = "request_callback"
FORM = "handoff_form"


def navigator_on_duty(settings: Settings, sender_id: str) -> bool:
    """Office hours and a navigator available; an unreadable database means no (the
    patient gets the callback form, which does not depend on anyone being there)."""
    try:
        with session_scope(settings.resolved_database_url) as session:
            now = datetime.now(timezone.utc)
            return live_chat_offered(session, now, settings.office_hours, settings.live_timing)
    except SQLAlchemyError:
        logger.exception("live chat: availability unreadable (%s)", session_ref(sender_id))
        return False


class ActionStartLiveChat(PatientAction):
    """Puts the patient in line, or starts the callback form when nobody is free now."""

    def name(self) -> str:
        return "action_start_live_chat"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        place = 0
        if navigator_on_duty(self.settings, tracker.sender_id):
            place = self._join(tracker)
        if place:
            dispatcher.utter_message(response="utter_live_waiting", place=place)
            return []
        dispatcher.utter_message(response="utter_live_unavailable")
        utter_callback_intro(dispatcher, self)
        return [FollowupAction(FORM)]

    def _join(self, tracker: Tracker) -> int:
        lang = tracker.get_slot("lang") or ENGLISH
        try:
            with session_scope(self.settings.resolved_database_url) as session:
                chat = join_line(session, tracker.sender_id, lang, datetime.now(timezone.utc))
                return place_in_line(session, chat)
        except SQLAlchemyError:
            reference = session_ref(tracker.sender_id)
            logger.exception("live chat: could not join the line (%s)", reference)
            return 0


class ActionLiveMissed(Action):
    """Nobody accepted in time: say so; the form follows (the rules) with the
    conversation's questions kept."""

    def name(self) -> str:
        return "action_live_missed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_live_missed")
        return []
