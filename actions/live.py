"""Live chat with a care navigator, as the assistant sees it: whether one is on duty,
and joining the line.

The offer's buttons and the web app's "nobody came in time" are ``request_human`` with a
``handoff_choice`` entity, so the handoff rules stay as they were; ``ActionHandoff``
reads the choice. The web app does the rest (accepting, messages, handing back) through
Rasa's HTTP API.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from rasa_sdk import Tracker
from sqlalchemy.exc import SQLAlchemyError

from actions.base import language_of
from bot.db import session_scope
from bot.live.line import join_line, live_chat_offered, place_in_line
from bot.redaction import session_ref
from bot.settings import Settings

logger = logging.getLogger(__name__)
CHOICE = "handoff_choice"
CHAT, CALLBACK, MISSED = "chat", "callback", "missed"


def choice_of(tracker: Tracker) -> str | None:
    return next(tracker.get_latest_entity_values(CHOICE), None)


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


def join(settings: Settings, tracker: Tracker) -> int:
    """The patient's place in line (kept if they were already in it); 0 when it failed."""
    lang = language_of(tracker)
    try:
        with session_scope(settings.resolved_database_url) as session:
            chat = join_line(session, tracker.sender_id, lang, datetime.now(timezone.utc))
            return place_in_line(session, chat)
    except SQLAlchemyError:
        logger.exception("live chat: could not join the line (%s)", session_ref(tracker.sender_id))
        return 0
