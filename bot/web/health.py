"""``GET /healthz`` for a load balancer: healthy only when patients would get answers.

Healthy means the launcher has recorded that a real question went through the whole
chain since the last (re)start, Rasa and the action server answer their own health
checks, and both databases answer a query. The body names each check, never an
address or an error text.
"""

from __future__ import annotations

import threading
import time
from typing import Dict

import requests
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.db import get_engine
from bot.readiness import Chain
from bot.readiness import read as read_chain
from bot.web.auth import db_url, settings
from bot.web.conversations import tracker_url

blueprint = Blueprint("health", __name__)
PROBE_SECONDS = 2.0
CACHE_SECONDS = 2.0


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=PROBE_SECONDS).status_code == 200
    except requests.RequestException:
        return False


def database_answers(url: str) -> bool:
    try:
        with get_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def checks() -> Dict[str, bool]:
    current = settings()
    return {
        "warm": read_chain(current.var_dir).state is Chain.READY,
        "rasa": answers(f"{current.rasa_url}/"),
        "actions": answers(f"http://{current.host}:{current.action_port}/health"),
        "database": database_answers(db_url()),
        "tracker_store": database_answers(tracker_url()),
    }


class _Recent:
    """The last results, reused for a moment: a balancer, or anyone, calling often
    costs two HTTP probes and two database connections once per CACHE_SECONDS."""

    lock = threading.Lock()
    at = float("-inf")
    results: Dict[str, bool] = {}


def recent_checks() -> Dict[str, bool]:
    with _Recent.lock:
        if time.monotonic() - _Recent.at > CACHE_SECONDS:
            _Recent.results, _Recent.at = checks(), time.monotonic()
        return dict(_Recent.results)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    results = recent_checks()
    healthy = all(results.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": results}
    return jsonify(body), 200 if healthy else 503
