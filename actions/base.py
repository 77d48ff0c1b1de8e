"""What every patient-facing action shares: the knowledge base, the first-turn
disclaimer, and withdrawing an offer of a person once something else was said."""

from __future__ import annotations

import logging
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.turns import is_first_turn
from bot.content.knowledge import PageKnowledge, load_knowledge
from bot.language import ENGLISH, SUPPORTED
from bot.settings import Settings, get_settings

logger = logging.getLogger(__name__)
HANDOFF_OFFERED = "handoff_offered"
# The page store missing or unreadable: the patient still gets a reply, staff a log.
CONTENT_UNAVAILABLE = (LookupError, SQLAlchemyError, OSError)
DomainDict = Dict[str, Any]


def reply_custom(kind: str, lang: str = ENGLISH, **keys: Any) -> Dict[str, Any]:
    """The contract's ``custom`` object for a reply an action writes itself."""
    return {"kind": kind, "lang": lang, **keys}


def language_of(tracker: Tracker) -> str:
    """The conversation's language (the ``lang`` slot, set from each message)."""
    language = tracker.get_slot("lang")
    return language if language in SUPPORTED else ENGLISH


class UsesPage:
    """Gives an action the knowledge base and settings (tests hand in their own)."""

    def __init__(
        self, knowledge: PageKnowledge | None = None, settings: Settings | None = None
    ) -> None:
        self._knowledge = knowledge
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()

    @property
    def knowledge(self) -> PageKnowledge:
        if self._knowledge is None:
            self._knowledge = load_knowledge(self.settings)
        return self._knowledge


def utter_callback_intro(
    dispatcher: CollectingDispatcher, action: UsesPage, tracker: Tracker
) -> None:
    """What happens with a call back; the handoff form follows."""
    language = language_of(tracker)
    dispatcher.utter_message(
        response="utter_handoff_intro",
        invitation=action.knowledge.invitation_in(language) or "",
        response_time=action.settings.response_time_in(language),
        phone=action.settings.hospital_phone,
    )


class PatientAction(UsesPage, Action, metaclass=ABCMeta):
    """Replies to a patient; the session's first reply starts with the disclaimer.

    Abstract, so the action server registers only its concrete subclasses.
    """

    @abstractmethod
    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Utter this action's reply; return its events."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if is_first_turn(tracker.events):
            dispatcher.utter_message(response="utter_disclaimer")
        try:
            events = self.reply(dispatcher, tracker, domain)
        except CONTENT_UNAVAILABLE:
            logger.exception("%s could not read the content store", self.name())
            dispatcher.utter_message(
                response="utter_unavailable", phone=self.settings.hospital_phone
            )
            return []
        offered_now = any(e.get("name") == HANDOFF_OFFERED for e in events)
        if tracker.get_slot(HANDOFF_OFFERED) and not offered_now:
            events.append(SlotSet(HANDOFF_OFFERED, False))  # an offer holds for one reply
        return events
