"""A real question through the whole chain, on a conversation nobody sees.

The launcher asks it before it prints "ready" and again after it restarts a server.
First straight to each Rasa server, as long as it takes: a cold Rasa builds its model
graphs on the first parse, which would otherwise happen inside a patient's turn. Then,
once the chain is recorded ready, through the web app as a patient asks, within the web
app's own wait: the page must answer. Warm-up conversations are deleted from the tracker
store afterwards, so staff never see them.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
import urllib.request
from typing import Any, Callable, Dict, List

from bot.readiness import Chain, record
from bot.settings import Settings

WARM_UP_QUESTION = "what causes dystonia?"
WARM_UP_SENDER_PREFIX = "letschat-warm-up-"
# Its own budget, apart from the servers' start: on a busy machine Rasa alone may take
# minutes to load, and the first turn then still has to go through.
WARM_UP_SECONDS = 240.0
RETRY_SECONDS = 2.0

Messages = List[Dict[str, Any]]


def _post(url: str, body: Dict[str, str], timeout: float) -> Any:
    request = urllib.request.Request(  # noqa: S310 (http on this machine, built here)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=max(timeout, 0.1)) as response:  # noqa: S310
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


def ask_rasa(server_url: str, sender: str, timeout: float) -> Messages:
    url = f"{server_url}/webhooks/rest/webhook"
    reply = _post(url, {"sender": sender, "message": WARM_UP_QUESTION}, timeout)
    return reply if isinstance(reply, list) else []


def ask_web_app(settings: Settings, sender: str, timeout: float) -> Messages:
    url = f"{settings.local_web_url}/chat/message"
    reply = _post(url, {"session": sender, "message": WARM_UP_QUESTION}, timeout)
    return reply.get("messages", []) if isinstance(reply, dict) else []


def answered_from_page(messages: Messages) -> bool:
    """True when the reply is an answer from the content store, not a fallback."""
    return any((m.get("custom") or {}).get("kind") == "answer" for m in messages)


def ask_until_answered(
    ask: Callable[[float], Messages], deadline: float, stopping: threading.Event
) -> bool:
    while time.monotonic() < deadline and not stopping.is_set():
        if answered_from_page(ask(deadline - time.monotonic())):
            return True
        stopping.wait(RETRY_SECONDS)
    return False


def forget_warm_ups(settings: Settings, prefix: str = WARM_UP_SENDER_PREFIX) -> None:
    """Delete warm-up conversations: by default every one, this one and any an earlier
    start left (a turn the web app stopped waiting for is kept by Rasa after the fact).
    A failure is said, not raised: the warm-up itself went through."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    from bot.conversations import forget_conversations

    engine = create_engine(settings.resolved_tracker_store_url)
    try:
        with engine.begin() as connection:
            forget_conversations(connection, prefix)
    except SQLAlchemyError as error:
        print(f"warm-up conversations not deleted: {type(error).__name__}", file=sys.stderr)
    finally:
        engine.dispose()


def server_urls(settings: Settings) -> List[str]:
    return [f"http://{settings.host}:{port}" for port in settings.rasa_ports]


def warm_server(
    server_url: str, settings: Settings, stopping: threading.Event, deadline: float
) -> bool:
    """One Rasa server, asked straight until the page answers (its conversation deleted
    afterwards; another server's warm-up may still be using its own)."""
    sender = f"{WARM_UP_SENDER_PREFIX}{secrets.token_hex(8)}"
    try:
        return ask_until_answered(
            lambda left: ask_rasa(server_url, sender, left), deadline, stopping
        )
    finally:
        forget_warm_ups(settings, prefix=sender)


def warm_up(
    settings: Settings, stopping: threading.Event, timeout: float = WARM_UP_SECONDS
) -> bool:
    """Warm every Rasa server, record the chain ready, and prove it through the web app.
    Stops early when ``stopping`` is set (Ctrl-C)."""
    sender = f"{WARM_UP_SENDER_PREFIX}{secrets.token_hex(8)}"
    deadline = time.monotonic() + timeout

    def through_web_app(left: float) -> Messages:
        return ask_web_app(settings, sender, min(left, settings.rasa_reply_seconds + 2))

    for server_url in server_urls(settings):
        if not warm_server(server_url, settings, stopping, deadline):
            return False
    try:
        # Rasa is warm: patients may reach it (the web app checks this record).
        record(settings.var_dir, Chain.READY)
        return ask_until_answered(through_web_app, deadline, stopping)
    finally:
        forget_warm_ups(settings)
