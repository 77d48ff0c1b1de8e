"""The one answer action: the page's own sentences for the question asked."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import PatientAction, language_of, reply_custom
from actions.fallback import utter_fallback
from bot.content.answers import Answer
from bot.content.knowledge import PageKnowledge
from bot.content.terms import OTHER_CONDITION
from bot.messages import say
from bot.settings import Settings


def answer_metadata(answer: Answer, settings: Settings) -> Dict[str, Any]:
    """The contract's ``custom`` object for an answer turn."""
    return reply_custom(
        "answer",
        answer.language,
        section=answer.section,
        heading=answer.heading,
        source={"title": settings.page_title, "url": f"{settings.page_url}#{answer.section}"},
    )


def utter_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    knowledge: PageKnowledge,
    settings: Settings,
) -> List[EventType]:
    """Answer the latest message from the page, or fall back when the page cannot."""
    message = tracker.latest_message or {}
    entities = message.get("entities") or []
    # The page cannot answer about another condition, even next to the word dystonia.
    if any(e.get("entity") == OTHER_CONDITION for e in entities):
        return utter_fallback(dispatcher, tracker, "utter_other_condition")
    terms = {str(e.get("value")) for e in entities}
    language = language_of(tracker)
    answer = knowledge.answer(tracker.get_intent_of_latest_message() or "", terms, language)
    if answer is None:
        return utter_fallback(dispatcher, tracker, "utter_fallback")
    if answer.language == language:
        dispatcher.utter_message(text=answer.text, json_message=answer_metadata(answer, settings))
        return []
    # No page in the patient's language: the English passage, said to be English, with
    # a person who speaks the patient's language one press away.
    dispatcher.utter_message(
        text=f"{say('page_in_english', language)}\n\n{answer.text}",
        buttons=[{"title": say("talk_in_language", language), "payload": "/request_human"}],
        json_message={**answer_metadata(answer, settings), "lang": language},
    )
    return []


class ActionAnswer(PatientAction):
    def name(self) -> str:
        return "action_answer"

    def reply(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return utter_answer(dispatcher, tracker, self.knowledge, self.settings)
