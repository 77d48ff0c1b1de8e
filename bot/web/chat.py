"""The chat endpoints the widget talks to (same origin); they forward to Rasa on localhost.

Rasa and the action server are never reachable from the browser. Input is checked
here; when Rasa answers with nothing (as it does when the action server is down) or
fails, the patient gets a helpful reply with the phone line and the event is logged.
When Rasa is slower than the patient's wait, the patient is told so and the widget
shows the answer from the history once it is there. While the launcher is warming a
(re)started Rasa, messages are not sent (503) and the widget keeps them in the box.

The session id is the conversation's only key, so it must be unguessable: the widget
makes 128 random bits; shorter ids are refused.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timezone
from functools import partial
from typing import Any, Dict, List

import requests
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from bot.chat_turns import history, reply_turns, turn_json
from bot.conversations import (
    ANSWER_ID_LENGTH,
    OPEN_CHAT_INTENT,
    Turn,
    has_events,
    latest_patient_message,
    transcript,
)
from bot.db import get_engine, session_scope
from bot.feedback import RATINGS, ratings_for, record_feedback
from bot.language import ENGLISH, SUPPORTED, detect
from bot.live.line import OPEN
from bot.live.models import LiveChat, LiveStatus
from bot.messages import say
from bot.readiness import read as read_chain
from bot.redaction import session_ref
from bot.web import rasa_client
from bot.web.auth import db_url, settings
from bot.web.conversations import tracker_url
from bot.web.limits import address_limit, chat_limit, chat_session_key, limiter
from bot.web.live_state import chat_of, is_live, safety_while_live, was_live
from bot.web.outages import NO_REPLY, NOT_KEPT

blueprint = Blueprint("chat", __name__, url_prefix="/chat")
MAX_MESSAGE = 1000
SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
ANSWER_ID_RE = re.compile(rf"^[0-9a-f]{{{ANSWER_ID_LENGTH}}}$")
# A conversation idle this long is over for the widget too (domain.yml session_config).
SESSION_IDLE_MINUTES = 60
CLOCK_SLACK = 1.0  # seconds between the web app's clock and Rasa's event times


class BadRequest(Exception):
    """Input the widget should never send: answered with 400 and a message."""


# A patient's messages and conversation openings share one budget per session and
# one per address (per patient behind a trusted proxy).
per_session = limiter.shared_limit(chat_limit, scope="chat-session", key_func=chat_session_key)
per_address = limiter.shared_limit(address_limit, scope="chat-address")


def patient_language(text: str = "") -> str:
    """The language of the web app's own reply: the message's, else the widget's."""
    body = request.get_json(silent=True)
    hint = body.get("lang") if isinstance(body, dict) else None
    return detect(text) or (hint if hint in SUPPORTED else ENGLISH)


def _reply(key: str, kind: str, status: int = 200, text: str = "", **extra: Any):  # type: ignore[no-untyped-def]
    """One reply of the web app's own (``bot.messages``), in the patient's language."""
    language = patient_language(text)
    said = say(key, language, phone=settings().hospital_phone, limit=MAX_MESSAGE)
    turn = {"who": "assistant", "text": said, "custom": {"kind": kind, "lang": language}}
    return jsonify({"messages": [turn], **extra}), status


def ask_rasa(sender: str, message: str, asked_at: float) -> List[Dict[str, Any]]:
    current = settings()
    url = f"{current.rasa_url}/webhooks/rest/webhook"
    # checked outside this request if the turn is late: no app context needed
    was_stored = partial(stored_in, tracker_url(), sender, message, asked_at)
    return rasa_client.ask(url, sender, message, current.rasa_reply_seconds, was_stored)


def chat_body() -> Dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest('Send JSON: {"session": ..., "message": ...}.')
    session_id = body.get("session")
    if not isinstance(session_id, str) or not SESSION_RE.match(session_id):
        raise BadRequest("The chat session id is missing or malformed.")
    return body


@blueprint.errorhandler(BadRequest)
def bad_request(error: BadRequest):  # type: ignore[no-untyped-def]
    return jsonify({"error": str(error)}), 400


@blueprint.errorhandler(429)
def too_many(_error: Exception):  # type: ignore[no-untyped-def]
    return _reply("too_many", "fallback", 429)


@blueprint.errorhandler(SQLAlchemyError)
def storage_failed(error: SQLAlchemyError):  # type: ignore[no-untyped-def]
    current_app.logger.exception("chat: the conversation store failed", exc_info=error)
    return jsonify({"error": "The conversation could not be read or saved; please try again."}), 503


def stored_in(url: str, session_id: str, text: str, asked_at: float) -> bool | None:
    """Whether Rasa stored this message in the tracker store at ``url`` (the one staff
    read, not its memory); None when the store does not answer."""
    try:
        with get_engine(url).connect() as connection:
            if not has_events(connection):
                return False  # Rasa has stored nothing at all yet
            latest = latest_patient_message(connection, session_id)
    except SQLAlchemyError:
        return None
    return (  # Rasa strips a message before storing it
        latest is not None and latest[0] == text.strip() and latest[1] >= asked_at - CLOCK_SLACK
    )


def kept(session_id: str, text: str, asked_at: float) -> bool:
    found = bool(stored_in(tracker_url(), session_id, text, asked_at))
    NOT_KEPT.saw(found, session_ref(session_id))
    return found


def forward(session_id: str, text: str, live: LiveChat | None = None):  # type: ignore[no-untyped-def]
    """Rasa's reply as turns; when Rasa is slow, a promise that the answer will follow
    (the widget reads it from the history); the phone line when there is no reply.

    With ``live`` (a navigator has the chat) Rasa is paused and replies with nothing;
    the message is stored for the navigator, and an emergency still gets its reply."""
    if read_chain(settings().var_dir).rasa_is_cold:
        # Not sent: a cold Rasa would answer after the widget stopped waiting. 503 tells
        # the widget to keep the patient's text in the box.
        return _reply("unavailable", "fallback", 503, text)
    asked_at = time.time()
    try:
        messages = ask_rasa(session_id, text, asked_at)
    except rasa_client.NotSent:
        current_app.logger.warning("chat: Rasa too busy to start (%s)", session_ref(session_id))
        return _reply("unavailable", "fallback", 503, text)  # not sent: the widget keeps it
    except FutureTimeout:
        current_app.logger.warning(
            "chat: Rasa slower than %s s (%s); the answer will follow in the history",
            settings().rasa_reply_seconds,
            session_ref(session_id),
        )
        return _reply("late_answer", "fallback", 200, text, pending=True, asked_at=asked_at)
    except (requests.RequestException, rasa_client.ServerLost, ValueError) as error:
        reason = str(error) if isinstance(error, rasa_client.ServerLost) else ""
        NO_REPLY.saw(False, session_ref(session_id), reason or type(error).__name__)
        return _reply("unavailable", "fallback", 200, text)
    if not messages and live is None:
        # A navigator may have taken the chat (or handed it back) during this turn:
        # paused, Rasa answered nothing, and an emergency still needs its reply.
        latest = chat_of(session_id)
        live = latest if was_live(latest, datetime.now(timezone.utc)) else None
    NO_REPLY.saw(bool(messages) or live is not None, session_ref(session_id))
    if not messages and live is None:
        return _reply("unavailable", "fallback", 200, text)
    if not kept(session_id, text, asked_at):
        # Shown, the reply would claim a conversation that staff will never see.
        return _reply("unavailable", "fallback", 503, text)
    if live is not None and not messages:
        messages = safety_while_live(session_id, live, patient_language(text))
        turns = [turn_json(t) for t in reply_turns(messages)] if messages else []
        return jsonify({"messages": turns, "live": LiveStatus.ACTIVE.value})
    return jsonify({"messages": [turn_json(t) for t in reply_turns(messages)]})


@blueprint.post("/message")
@per_address
@per_session  # checked first: a refused session spends none of the address's budget
def message():  # type: ignore[no-untyped-def]
    body = chat_body()
    text = body.get("message")
    if not isinstance(text, str):
        raise BadRequest("The message must be text.")
    if not text.strip():
        return jsonify({"messages": []})  # nothing to send
    if len(text) > MAX_MESSAGE:
        return _reply("too_long", "fallback", 400, text)
    chat = chat_of(body["session"])
    if is_live(chat) and text.strip().startswith("/"):
        # A payload ("/restart") would act on the paused conversation: words only here.
        return _reply("words_please", "fallback", 400, text)
    return forward(body["session"], text, chat if is_live(chat) else None)


@blueprint.post("/open")
@per_address
@per_session  # checked first: a refused session spends none of the address's budget
def open_chat():  # type: ignore[no-untyped-def]
    """A new conversation: the disclaimer and a few topics, as the assistant's first turn."""
    body = chat_body()
    # The widget's language (its page's, or the patient's so far) sets the conversation's.
    language = body.get("lang")
    entity = f'{{"lang": "{language}"}}' if language in SUPPORTED else ""
    return forward(body["session"], f"/{OPEN_CHAT_INTENT}{entity}")


def _turns(session_id: str) -> List[Turn]:
    with get_engine(tracker_url()).connect() as connection:
        return transcript(connection, session_id)


@blueprint.post("/history")
def conversation_history():  # type: ignore[no-untyped-def]
    """The conversation so far, for the widget after a page reload (empty when idle)."""
    session_id = chat_body()["session"]
    turns = _turns(session_id)
    with session_scope(db_url()) as db:
        ratings = ratings_for(db, session_id)
    shown = history(turns, ratings, datetime.now(timezone.utc), SESSION_IDLE_MINUTES)
    chat = chat_of(session_id)
    live = chat.status if chat is not None and chat.status in OPEN else None
    # "at": when it was stored, so the widget can find a late answer after its question;
    # "live": a live chat is waiting or going on, so the widget goes on following it
    turns_shown = [{**turn_json(t), "at": t.at.timestamp()} for t in shown]
    return jsonify({"messages": turns_shown, "live": live})


@blueprint.post("/feedback")
def feedback():  # type: ignore[no-untyped-def]
    """Thumbs up / down on one answer of this conversation."""
    body = chat_body()
    answer_id, rating = body.get("answer_id"), body.get("rating")
    if not isinstance(answer_id, str) or not ANSWER_ID_RE.match(answer_id):
        raise BadRequest("The answer id is missing or malformed.")
    if rating not in RATINGS:
        raise BadRequest('The rating must be "up" or "down".')
    answers = {t.answer_id: t for t in _turns(body["session"]) if t.answer_id}
    if answer_id not in answers:
        return jsonify({"error": "That answer is not in this conversation."}), 404
    with session_scope(db_url()) as db:
        record_feedback(db, body["session"], answer_id, answers[answer_id].section or "", rating)
    return jsonify({"answer_id": answer_id, "rating": rating})
