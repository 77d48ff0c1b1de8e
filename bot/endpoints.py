"""Rasa's endpoints and credentials files, rendered from settings.

The embedded default is SQLite for the tracker store and Rasa's in-memory lock
store; the scaled profile names a PostgreSQL URL and a Redis URL in settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict
from urllib.parse import unquote, urlparse

import yaml

from bot.secret_files import generated_secret
from bot.settings import Settings

TOKEN_FILE = "rasa-api-token"  # noqa: S105 (a file name, not a secret)


# Rasa's SQL tracker store with a faster event lookup (components/tracker_store.py).
TRACKER_STORE_TYPE = "components.tracker_store.LetsChatSQLTrackerStore"


def tracker_store_config(settings: Settings) -> Dict[str, Any]:
    if not settings.tracker_store_url:
        return {
            "type": TRACKER_STORE_TYPE,
            "dialect": "sqlite",
            "db": str(settings.tracker_db_path),
        }
    url = urlparse(settings.tracker_store_url)
    config: Dict[str, Any] = {
        "type": TRACKER_STORE_TYPE,
        "dialect": url.scheme.split("+")[0],
        "url": url.hostname,
        "db": url.path.lstrip("/"),
    }
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = unquote(url.username)
    if url.password:
        config["password"] = unquote(url.password)
    return config


def lock_store_config(settings: Settings) -> Dict[str, Any] | None:
    if not settings.lock_store_url:
        return None  # one Rasa server: its in-memory lock store is enough
    url = urlparse(settings.lock_store_url)
    config: Dict[str, Any] = {
        "type": "redis",
        "url": url.hostname,
        "port": url.port or 6379,
        "db": int(url.path.lstrip("/") or 1),
        "key_prefix": "letschat",
    }
    if url.password:
        config["password"] = unquote(url.password)
    return config


def endpoints_config(settings: Settings) -> Dict[str, Any]:
    config: Dict[str, Any] = {
        "action_endpoint": {"url": settings.action_endpoint_url},
        "tracker_store": tracker_store_config(settings),
    }
    lock_store = lock_store_config(settings)
    if lock_store:
        config["lock_store"] = lock_store
    return config


def credentials_config(settings: Settings) -> Dict[str, Any]:
    """REST for the web app and tests; socket.io only when asked for (``rasa_socketio``):
    an open channel is one more way in."""
    config: Dict[str, Any] = {"rest": None}
    if settings.rasa_socketio:
        config["socketio"] = {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        }
    return config


def write_yaml(path: Path, data: Dict[str, Any]) -> Path:
    """Written private (0600) from the start: it may carry database passwords."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an older file keeps its mode through O_CREAT
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(yaml.safe_dump(data, sort_keys=False))
    return path


def api_token(settings: Settings) -> str:
    """The Rasa HTTP API token: generated on first use, kept private under var/."""
    return generated_secret(settings.secrets_dir, TOKEN_FILE)
