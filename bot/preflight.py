"""Before the launcher starts anything: every store the servers write to must answer.

Rasa, finding its tracker store unreachable, logs "Could not create tables" and answers
patients into memory, keeping nothing for staff. So a store that does not answer at
start is a refusal that names it (its address without the password). The app database
is migrated, and the console's read model made, here before any server starts (the web
app checks again at its own start, which finds nothing to do); never inside a request
(a console request at most derives the rows of conversations newer than its newest row).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List
from urllib.parse import parse_qsl, urlsplit

from bot.settings import Settings

CONNECT_SECONDS = 5


@dataclass(frozen=True)
class Store:
    what: str  # as a hospital's IT admin would name it
    url: str


def stores(settings: Settings) -> List[Store]:
    found = [
        Store("app database (LETSCHAT_DATABASE_URL)", settings.resolved_database_url),
        Store(
            "tracker store (LETSCHAT_TRACKER_STORE_URL)",
            settings.resolved_tracker_store_url,
        ),
    ]
    if settings.lock_store_url:
        found.append(Store("lock store (LETSCHAT_LOCK_STORE_URL)", settings.lock_store_url))
    if settings.rate_limit_storage_url.startswith("redis"):
        found.append(
            Store(
                "rate-limit storage (LETSCHAT_RATE_LIMIT_STORAGE_URL)",
                settings.rate_limit_storage_url,
            )
        )
    return found


def shown(url: str) -> str:
    """The address without its password (nor a query, which may carry one)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc, query="", fragment="").geturl()


def secrets_of(url: str) -> List[str]:
    """What must never be printed: the password and the query's values."""
    parts = urlsplit(url)
    found = [parts.password] if parts.password else []
    found += [value for _, value in parse_qsl(parts.query) if value]
    return found


def _sql_answers(url: str) -> None:
    from sqlalchemy import create_engine, text

    timeout = {"connect_timeout": CONNECT_SECONDS} if url.startswith("postgresql") else {}
    engine = create_engine(url, connect_args=timeout, hide_parameters=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _redis_answers(url: str) -> None:
    import redis

    client = redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=CONNECT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def problem(store: Store) -> str | None:
    """Why ``store`` cannot be used, in one line; None when it answers (or when it is a
    kind this check does not know, such as Redis Sentinel: its own server reports it)."""
    if not urlsplit(store.url).scheme:  # not an address at all: quoting it could leak
        return f"the {store.what} is set to something that is not an address"
    if store.url.startswith(("redis://", "rediss://", "unix://")):
        check = _redis_answers
    elif store.url.startswith("redis"):
        return None
    else:
        check = _sql_answers
    try:
        check(store.url)
    except Exception as error:  # noqa: BLE001 (any driver's failure is a refusal to start)
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        for secret in secrets_of(store.url):  # a driver may quote the whole address
            reason = reason.replace(secret, "***")
        return f"the {store.what} at {shown(store.url)} does not answer: {reason}"
    return None


def profile_problems(settings: Settings) -> List[str]:
    """Several Rasa servers must share their conversations and take turns on each."""
    if settings.rasa_servers <= 1:
        return []
    found = []
    if not (settings.tracker_store_url or "").startswith("postgresql"):
        found.append(
            f"{settings.rasa_servers} Rasa servers need a shared PostgreSQL tracker store "
            "(LETSCHAT_TRACKER_STORE_URL=postgresql://...)"
        )
    if not settings.lock_store_url:
        found.append(
            f"{settings.rasa_servers} Rasa servers need a shared Redis lock store "
            "(LETSCHAT_LOCK_STORE_URL=redis://...): each one's own would let two of them "
            "answer one conversation at once"
        )
    if not os.access(settings.haproxy_path, os.X_OK):
        found.append(
            f"{settings.rasa_servers} Rasa servers need HAProxy at {settings.haproxy_path}: "
            "`make run` installs it (as root), or `sudo apt-get install -y haproxy`"
        )
    return found


def problems(settings: Settings) -> List[str]:
    return profile_problems(settings) + [p for p in map(problem, stores(settings)) if p]


def content_problem(settings: Settings) -> str | None:
    """After migrating: the answers need the page (an upgrade may have emptied the store)."""
    from bot.content.store import load_pages
    from bot.db import session_scope

    try:
        with session_scope(settings.resolved_database_url) as session:
            load_pages(session)
    except LookupError as error:
        return f"{error} (python -m bot.content build)"
    return None


def migrate(settings: Settings) -> None:
    """The app database to its newest schema; the console's read model made and caught
    up with any events it has not seen (an upgrade from a release without it)."""
    from sqlalchemy import create_engine

    from bot.conversations.upkeep import rebuild
    from bot.db.migrate import upgrade

    upgrade(settings.resolved_database_url)
    engine = create_engine(settings.resolved_tracker_store_url)
    try:
        done = rebuild(engine)
    finally:
        engine.dispose()
    if done.conversations:
        print(f"console read model: {done.written} conversations brought up to date", flush=True)
