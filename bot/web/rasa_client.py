"""The web app's calls to Rasa's REST channel.

Each call runs in a small thread pool, so that it can outlive the patient's request:
Rasa cancels a turn whose caller hangs up, and a slow turn's answer must still reach
the history that the widget reads it from. What becomes of such a late turn is logged.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any, Dict, List

import requests

from bot.balancer import CONVERSATION_HEADER
from bot.redaction import session_ref

RASA_TURN_LIMIT_SECONDS = 120  # a turn still running after this is given up
# Room for every turn still running (late ones included): a call that waits for a free
# thread is withdrawn when the patient's wait runs out, and the patient asked to try again.
_calls = ThreadPoolExecutor(max_workers=64, thread_name_prefix="rasa-call")
logger = logging.getLogger("bot.web")  # the web app's own logger (Flask names it so)

Messages = List[Dict[str, Any]]


class NotSent(Exception):
    """The call was still queued when the patient's wait ran out, and was withdrawn."""


class ServerLost(Exception):
    """The Rasa server could not be reached or went away during the call (refused,
    reset, or the balancer's 502/503/504): the turn may or may not have been stored."""


LOST_STATUSES = (502, 503, 504)  # HAProxy: the server failed or none was up


def post(url: str, sender: str, message: str) -> Messages:
    try:
        response = requests.post(
            url,
            json={"sender": sender, "message": message},
            headers={CONVERSATION_HEADER: sender},  # keeps a conversation on one Rasa server
            timeout=RASA_TURN_LIMIT_SECONDS,
        )
    except requests.ConnectionError as error:
        raise ServerLost(type(error).__name__) from error
    if response.status_code in LOST_STATUSES:
        raise ServerLost(f"HTTP {response.status_code}")
    response.raise_for_status()
    messages = response.json()
    return messages if isinstance(messages, list) else []


def _log_late_turn(reference: str, call: Future) -> None:
    error = call.exception()
    if error is not None:
        logger.error("chat: a late turn failed (%s): %s", reference, type(error).__name__)
    elif not call.result():
        logger.warning("chat: a late turn came back empty (%s)", reference)
    else:
        logger.info("chat: a late answer reached the history (%s)", reference)


def ask(url: str, sender: str, message: str, wait: float) -> Messages:
    """Rasa's reply within ``wait`` seconds. FutureTimeout when Rasa is still at it (the
    turn goes on); NotSent when the call had not even started (it never will)."""
    call = _calls.submit(post, url, sender, message)
    try:
        return call.result(timeout=wait)
    except FutureTimeout:
        if call.cancel():
            raise NotSent from None
        call.add_done_callback(partial(_log_late_turn, session_ref(sender)))
        raise
