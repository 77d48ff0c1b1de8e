"""A patient's live chat as the chat endpoints see it: is a navigator on it, and the
safety layer while the assistant is paused."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from flask import current_app

from bot.conversations import latest_patient_intent
from bot.db import get_engine, session_scope
from bot.live import line
from bot.live.line import alert, latest_chat
from bot.live.models import LiveChat, LiveStatus
from bot.live.notices import PAUSE, RESUME, ended
from bot.messages import say
from bot.redaction import session_ref
from bot.web import rasa_api
from bot.web.auth import db_url, settings
from bot.web.conversations import tracker_url

# What the assistant's own rules answer these intents with (data/rules/safety.yml).
SAFETY_REPLIES = {"emergency": "utter_emergency", "self_harm": "utter_crisis"}


def chat_of(session_id: str) -> LiveChat | None:
    with session_scope(db_url()) as db:
        return latest_chat(db, session_id)


def is_live(chat: LiveChat | None) -> bool:
    """A navigator has the chat: the assistant is paused for it."""
    return chat is not None and chat.status == LiveStatus.ACTIVE.value


def was_live(chat: LiveChat | None, now: datetime) -> bool:
    """Live, or ended a moment ago: the hand-back may not have reached Rasa yet."""
    if chat is None:
        return False
    if chat.status == LiveStatus.ACTIVE.value:
        return True
    if chat.status != LiveStatus.ENDED.value or chat.ended_at is None:
        return False
    return (now - chat.ended_at).total_seconds() < rasa_api.API_SECONDS


def hand_back(chat: LiveChat, navigator_left: bool = False) -> bool:
    """End an active chat once (whoever wins the UPDATE) and give the conversation back
    to the assistant. False when it was not active; RasaApiError when Rasa did not take
    the hand-back (the chat is active again, so it can be tried again)."""
    with session_scope(db_url()) as db:
        if not line.end(db, chat.id, datetime.now(timezone.utc)):
            return False
    try:
        name = chat.navigator_name or say("your_navigator", chat.lang)
        events = ended(name, navigator_left, chat.lang)
        rasa_api.append_events(settings(), chat.sender_id, events)
    except rasa_api.RasaApiError:
        with session_scope(db_url()) as db:
            line.reopen(db, chat.id)
        raise
    return True


def undo_pause(sender_id: str) -> None:
    """Accepting failed after Rasa may have paused (a timeout): resume, best effort."""
    try:
        rasa_api.append_events(settings(), sender_id, [RESUME])
    except rasa_api.RasaApiError as error:
        current_app.logger.error(
            "live chat: could not resume (%s): %s", session_ref(sender_id), error
        )


def pause_again(sender_id: str) -> None:
    """A hand-back failed after Rasa may have resumed: pause again, best effort."""
    try:
        rasa_api.append_events(settings(), sender_id, [PAUSE])
    except rasa_api.RasaApiError as error:
        current_app.logger.error(
            "live chat: could not pause (%s): %s", session_ref(sender_id), error
        )


def safety_while_live(session_id: str, chat: LiveChat, language: str) -> List[Dict[str, Any]]:
    """While paused Rasa still parses and stores each message, safety override included;
    an emergency or crisis gets the assistant's own reply at once and alerts the navigator."""
    with get_engine(tracker_url()).connect() as connection:
        action = SAFETY_REPLIES.get(latest_patient_intent(connection, session_id) or "")
    if action is None:
        return []
    with session_scope(db_url()) as db:
        alert(db, chat.id, datetime.now(timezone.utc))
    current_app.logger.warning("live chat: possible emergency (%s)", session_ref(session_id))
    try:
        messages = rasa_api.run_action(settings(), session_id, action)
    except Exception as error:  # noqa: BLE001 (whatever failed, the patient gets 911/988)
        current_app.logger.error(
            "live chat: safety reply failed (%s): %s", session_ref(session_id), error
        )
        messages = []
    # Said when Rasa cannot run the safety reply: never nothing.
    fallback = {"kind": "emergency", "lang": language}
    return messages or [{"text": say("safety_fallback", language), "custom": fallback}]
