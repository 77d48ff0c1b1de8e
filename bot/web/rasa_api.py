"""The web app's calls to Rasa's HTTP API, for live chats: pause a conversation, add a
care navigator's words, hand back, and run the safety replies while paused.

The API is token-protected (the token is generated under var/secrets and passed in the
query string, as Rasa reads it) and listens on the internal address only. Calls carry the
conversation header, so with several Rasa servers they reach the conversation's server;
each holds the conversation's lock, so they never interleave with a patient's turn.
"""

from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import quote

import requests

from bot.balancer import CONVERSATION_HEADER
from bot.endpoints import api_token
from bot.settings import Settings

API_SECONDS = 20  # a live chat's change waits at most this long for Rasa


class RasaApiError(Exception):
    """Rasa did not take the change; the message names the call, never the token."""


def _post(settings: Settings, sender: str, path: str, body: Any) -> Dict[str, Any]:
    url = f"{settings.rasa_url}/conversations/{quote(sender, safe='')}/{path}"
    try:
        response = requests.post(
            url,
            params={"token": api_token(settings)},
            json=body,
            headers={CONVERSATION_HEADER: sender},
            timeout=API_SECONDS,
        )
    except requests.RequestException as error:  # its text would carry the token
        raise RasaApiError(f"{path}: {type(error).__name__}") from None
    if response.status_code != 200:
        raise RasaApiError(f"{path}: HTTP {response.status_code}")
    try:
        result = response.json()
    except ValueError:
        raise RasaApiError(f"{path}: an answer that is not JSON") from None
    return result if isinstance(result, dict) else {}


def append_events(settings: Settings, sender: str, events: List[Dict[str, Any]]) -> None:
    """Store ``events`` in the conversation (as Rasa's own, through its tracker store)."""
    _post(settings, sender, "tracker/events", events)


def run_action(settings: Settings, sender: str, action: str) -> List[Dict[str, Any]]:
    """Run one action now, whatever the conversation's state (paused included), and
    return its messages as the REST channel would."""
    messages = _post(settings, sender, "execute", {"name": action}).get("messages")
    return messages if isinstance(messages, list) else []
