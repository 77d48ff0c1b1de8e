"""The chat endpoint the widget talks to (same origin); it forwards to Rasa on localhost.

Rasa and the action server are never reachable from the browser. Input is checked
here; when Rasa answers with nothing (as it does when the action server is down) or
fails, the patient gets a helpful reply with the phone line and the event is logged.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import requests
from flask import Blueprint, current_app, jsonify, request

from bot.web.auth import settings
from bot.web.ratelimit import RateLimiter

blueprint = Blueprint("chat", __name__, url_prefix="/chat")
MAX_MESSAGE = 1000
SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RASA_TIMEOUT_SECONDS = 8


def _limiters() -> Tuple[RateLimiter, RateLimiter]:
    config = current_app.config
    if "CHAT_LIMITERS" not in config:
        config["CHAT_LIMITERS"] = (
            RateLimiter(config.get("CHAT_SESSION_LIMIT", 20), 60),
            RateLimiter(config.get("CHAT_ADDRESS_LIMIT", 60), 60),
        )
    return config["CHAT_LIMITERS"]


def _reply(text: str, kind: str, status: int = 200):  # type: ignore[no-untyped-def]
    return jsonify({"messages": [{"text": text, "custom": {"kind": kind}}]}), status


def unavailable_text() -> str:
    return (
        "I'm sorry, I can't answer right now. Please try again in a moment, or call "
        f"{settings().hospital_phone} to talk to someone."
    )


def ask_rasa(sender: str, message: str) -> List[Dict[str, Any]]:
    current = settings()
    url = f"http://{current.host}:{current.rasa_port}/webhooks/rest/webhook"
    response = requests.post(
        url, json={"sender": sender, "message": message}, timeout=RASA_TIMEOUT_SECONDS
    )
    response.raise_for_status()
    messages = response.json()
    return messages if isinstance(messages, list) else []


@blueprint.post("/message")
def message():  # type: ignore[no-untyped-def]
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify({"error": 'Send JSON: {"session": ..., "message": ...}.'}), 400
    session_id, text = body.get("session"), body.get("message")
    if not isinstance(session_id, str) or not SESSION_RE.match(session_id):
        return jsonify({"error": "The chat session id is missing or malformed."}), 400
    if not isinstance(text, str):
        return jsonify({"error": "The message must be text."}), 400
    if not text.strip():
        return jsonify({"messages": []})  # nothing to send
    if len(text) > MAX_MESSAGE:
        return _reply(
            f"That message is too long: please keep it under {MAX_MESSAGE:,} "
            "characters and send it in parts.",
            "fallback",
            400,
        )
    by_session, by_address = _limiters()
    if not (by_session.allow(session_id) and by_address.allow(request.remote_addr or "?")):
        return _reply(
            "You're sending messages faster than I can answer. Please wait a minute and try again.",
            "fallback",
            429,
        )
    try:
        messages = ask_rasa(session_id, text)
    except (requests.RequestException, ValueError):
        current_app.logger.exception("chat: Rasa did not answer for session %s", session_id)
        messages = []
    if not messages:
        current_app.logger.warning("chat: empty reply for session %s; phone line given", session_id)
        return _reply(unavailable_text(), "fallback")
    return jsonify({"messages": messages})
