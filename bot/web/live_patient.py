"""The widget's side of a live chat (same origin, JSON): where the patient is in line,
what the navigator said, and the call back when nobody came in time.

The widget asks about once a second while a live chat waits or goes on; each ask tells
the line the patient is still there (a patient who leaves the page leaves the line).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict

from flask import Blueprint, current_app, jsonify

from bot.chat_turns import turn_json
from bot.conversations import turns_after
from bot.db import get_engine, session_scope
from bot.live import line
from bot.live.line import (
    expire,
    latest_chat,
    navigator_gone,
    patient_seen,
    place_in_line,
    take_callback_offer,
)
from bot.live.models import LiveChat, LiveStatus
from bot.live.notices import in_feed
from bot.web import rasa_api
from bot.web.auth import db_url, settings
from bot.web.chat import BadRequest, bad_request, chat_body, forward
from bot.web.conversations import tracker_url
from bot.web.limits import chat_session_key, limiter
from bot.web.live_state import hand_back

blueprint = Blueprint("live_patient", __name__, url_prefix="/chat/live")
blueprint.register_error_handler(BadRequest, bad_request)
# Nobody accepted in time: the assistant says so and the form offers a call back.
MISSED = '/request_human{"handoff_choice": "missed"}'
POLLS = "150/minute"  # about one a second, with room for a reload


def _cursor(body: Dict[str, Any]) -> int | None:
    """None: from now on (the widget showed the history); 0: since the chat began."""
    after = body.get("after")
    if after is None:
        return None
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise BadRequest("after must be the cursor the last answer gave.")
    return after


def _navigator_left(chat: LiveChat) -> None:
    """The patient's navigator closed their page (or lost their account): the assistant
    answers again, and the patient is told (whichever process gets there first)."""
    try:
        if hand_back(chat, navigator_left=True):
            current_app.logger.warning("live chat %s: navigator gone, handed back", chat.id)
    except rasa_api.RasaApiError as error:
        current_app.logger.error("live chat %s: hand-back failed: %s", chat.id, error)


@blueprint.post("")
@limiter.limit(POLLS, key_func=chat_session_key)
def follow():  # type: ignore[no-untyped-def]
    """The live chat's state and the navigator's turns stored after ``after``."""
    body = chat_body()
    session_id, after = body["session"], _cursor(body)
    now = datetime.now(timezone.utc)
    timing = settings().live_timing
    with session_scope(db_url()) as db:
        chat = latest_chat(db, session_id)
        if chat is not None and chat.status == LiveStatus.WAITING.value:
            patient_seen(db, chat.id, now)  # before expiring: the asker is still here
        expire(db, now, timing)
        gone = chat is not None and navigator_gone(db, chat, now, timing)
    if gone and chat is not None:
        _navigator_left(chat)
    with session_scope(db_url()) as db:
        chat = latest_chat(db, session_id)
        if chat is None:
            return jsonify({"status": "none", "cursor": after or 0, "messages": []})
        state = {
            "status": chat.status,
            "place": place_in_line(db, chat),
            "navigator": chat.navigator_name,
            "offer_callback": chat.status == LiveStatus.MISSED.value and not chat.callback_offered,
        }
        since = chat.created_at
    with get_engine(tracker_url()).connect() as connection:
        turns, cursor = turns_after(connection, session_id, after or 0)
    fresh = after is not None
    shown = [turn_json(t) for t in turns if fresh and t.at >= since and in_feed(t.custom)]
    return jsonify({**state, "cursor": cursor, "messages": shown})


@blueprint.post("/callback")
def callback():  # type: ignore[no-untyped-def]
    """Nobody accepted in time: the assistant offers the callback form, once."""
    session_id = chat_body()["session"]
    with session_scope(db_url()) as db:
        chat = latest_chat(db, session_id)
        offered = chat is not None and take_callback_offer(db, chat.id)
    if not offered:
        return jsonify({"messages": []})
    response = forward(session_id, MISSED)
    status = response[1] if isinstance(response, tuple) else response.status_code
    if status != 200 and chat is not None:  # not offered after all: asked again next time
        with session_scope(db_url()) as db:
            line.offer_callback_again(db, chat.id)
    return response
