"""The web app's calls to Rasa's REST channel.

Each call runs in a small thread pool, so that it can outlive the patient's request:
Rasa cancels a turn whose caller hangs up, and a slow turn's answer must still reach
the history that the widget reads it from. What becomes of such a late turn is logged.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any, Callable, Dict, List

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


Stored = Callable[[], bool | None]  # is the patient's message in the tracker store?


def _resend_late(url: str, sender: str, message: str, stored: Stored) -> None:
    """A late turn failed (its server lost, or Rasa refused it, as with a lock it could
    not take): send it again unless it was stored; the answer reaches the history the
    widget reads."""
    reference = session_ref(sender)
    if stored() is not False:
        logger.error(
            "chat: a late turn failed with its message stored; not sent again (%s)", reference
        )
        return
    try:
        post(url, sender, message)
        logger.info("chat: a late turn that failed was asked again (%s)", reference)
    except (ServerLost, requests.RequestException, ValueError) as error:
        logger.error("chat: a late turn asked again failed (%s): %s", reference, error)


def _late_turn_done(url: str, sender: str, message: str, stored: Stored, call: Future) -> None:
    reference = session_ref(sender)
    error = call.exception()
    if isinstance(error, ServerLost) or (error is None and not call.result()):
        _calls.submit(_resend_late, url, sender, message, stored)
    elif error is not None:
        logger.error("chat: a late turn failed (%s): %s", reference, type(error).__name__)
    else:
        logger.info("chat: a late answer reached the history (%s)", reference)


def _ask_once(url: str, sender: str, message: str, wait: float, stored: Stored) -> Messages:
    call = _calls.submit(post, url, sender, message)
    try:
        return call.result(timeout=wait)
    except FutureTimeout:
        if call.cancel():
            raise NotSent from None
        call.add_done_callback(partial(_late_turn_done, url, sender, message, stored))
        raise


def ask(url: str, sender: str, message: str, wait: float, stored: Stored) -> Messages:
    """Rasa's reply within ``wait`` seconds. FutureTimeout when Rasa is still at it (the
    turn goes on, and its answer reaches the history); NotSent when the call had not
    even started (it never will). A turn that failed, its server lost (several servers:
    HAProxy sends the next call to a live one) or refused by Rasa (an empty reply: Rasa
    answers an error with nothing, as when another server died holding the
    conversation's lock), is sent once more, now or when it was late, but only if
    ``stored`` says it was not stored: it would be stored twice."""
    began = time.monotonic()
    try:
        messages = _ask_once(url, sender, message, wait, stored)
        if messages or stored() is not False:
            return messages
        failure = "an empty reply"
    except ServerLost as lost:
        if stored() is not False:
            raise
        failure = str(lost)
    logger.warning(
        "chat: Rasa gave %s, nothing kept; asked again (%s)", failure, session_ref(sender)
    )
    left = max(1.0, wait - (time.monotonic() - began))
    return _ask_once(url, sender, message, left, stored)
