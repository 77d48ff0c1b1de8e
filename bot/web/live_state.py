"""A patient's live chat as the chat endpoints see it: is a navigator on it, and the
safety layer while the assistant is paused."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from flask import current_app

from bot.conversations import latest_patient_intent
from bot.db import get_engine, session_scope
from bot.live.line import alert, latest_chat
from bot.live.models import LiveChat, LiveStatus
from bot.redaction import session_ref
from bot.web import rasa_api
from bot.web.auth import db_url, settings
from bot.web.conversations import tracker_url

# What the assistant's own rules answer these intents with (data/rules/safety.yml).
SAFETY_REPLIES = {"emergency": "utter_emergency", "self_harm": "utter_crisis"}
# Said when Rasa cannot run the safety reply: never nothing.
SAFETY_FALLBACK = (
    "If this is an emergency, call 911 now. If you are thinking about suicide or "
    "harming yourself, call or text 988 now."
)


def chat_of(session_id: str) -> LiveChat | None:
    with session_scope(db_url()) as db:
        return latest_chat(db, session_id)


def is_live(chat: LiveChat | None) -> bool:
    """A navigator has the chat: the assistant is paused for it."""
    return chat is not None and chat.status == LiveStatus.ACTIVE.value


def safety_while_live(session_id: str, chat: LiveChat) -> List[Dict[str, Any]]:
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
    except rasa_api.RasaApiError as error:
        current_app.logger.error(
            "live chat: safety reply failed (%s): %s", session_ref(session_id), error
        )
        messages = []
    return messages or [{"text": SAFETY_FALLBACK, "custom": {"kind": "emergency", "lang": "en"}}]
