"""One full turn through Rasa and the action server on a conversation nobody sees.

The launcher sends it before it says "ready" and again after it restarts a server: a
cold Rasa builds its model graphs on the first parse, and that would otherwise happen
inside a patient's turn. The conversation is deleted from the tracker store after.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.request
from typing import Any, Dict, List

from bot.settings import Settings

WARM_UP_QUESTION = "what causes dystonia?"
# Its own budget, apart from the servers' start: on a busy machine Rasa alone may take
# minutes to load, and the first turn then still has to go through.
WARM_UP_SECONDS = 240.0
RETRY_SECONDS = 2.0


def _ask(settings: Settings, sender: str, timeout: float) -> List[Dict[str, Any]]:
    request = urllib.request.Request(
        f"http://{settings.host}:{settings.rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": WARM_UP_QUESTION}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            messages = json.loads(response.read())
    except (OSError, ValueError):
        return []
    return messages if isinstance(messages, list) else []


def answered_from_page(messages: List[Dict[str, Any]]) -> bool:
    """True when the reply is an answer from the content store, not a fallback."""
    return any((m.get("custom") or {}).get("kind") == "answer" for m in messages)


def forget(settings: Settings, sender: str) -> None:
    from sqlalchemy import create_engine

    from bot.conversations import forget_conversation

    engine = create_engine(settings.tracker_store_url or f"sqlite:///{settings.tracker_db_path}")
    try:
        with engine.begin() as connection:
            forget_conversation(connection, sender)
    finally:
        engine.dispose()


def warm_up(settings: Settings, timeout: float = WARM_UP_SECONDS) -> bool:
    """Ask until the page answers or ``timeout`` runs out; whether it answered."""
    sender = f"letschat-warm-up-{secrets.token_hex(8)}"
    deadline = time.monotonic() + timeout
    answered = False
    try:
        while not answered and time.monotonic() < deadline:
            answered = answered_from_page(_ask(settings, sender, deadline - time.monotonic()))
            if not answered:
                time.sleep(RETRY_SECONDS)
    finally:
        forget(settings, sender)
    return answered
