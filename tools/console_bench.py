"""The staff console at a year's volume: ``python -m tools.console_bench [N]``.

Fills a fresh PostgreSQL tracker store with N conversations (default 100,000; about ten
events each, as Rasa stores them, spread over a year), derives the read model with
``python -m bot.conversations rebuild``, starts the web app as ``make run`` does
(waitress) and asks it over HTTP, logged in as a staff member, for the list, a later page,
a search, a flag, a date range, a transcript and the analytics page. Prints p50/p95 of
each beside the target (p95 <= 300 ms) and beside the baseline measured in the same run:
what one request cost before the read model, reading and decoding every stored message.
"""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Dict, List, Tuple

from sqlalchemy import create_engine, select, text

from bot.conversations import events, metadata
from bot.settings import PROJECT_ROOT
from tools.assistant import web_app

if TYPE_CHECKING:
    import requests

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "letschat_console_bench"
TRACKER_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
WEB_PORT = 8209
TARGET_MS = 300.0
REQUESTS = 25  # per endpoint
SECTIONS = ("what-is", "symptoms", "causes", "types", "diagnosis", "treatment", "support")
ASKED = (
    "what causes dystonia",
    "is botox safe for my neck",
    "my hand cramps when i write",
    "can dystonia be cured",
    "how do they diagnose it",
    "is it genetic",
    "does deep brain stimulation work",
    "are there support groups near me",
    "what is cervical dystonia",
    "my eyelids keep closing",
)
KINDS = ("answer", "answer", "answer", "fallback", "smalltalk", "handoff")


def fresh_database() -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()


def conversation(rng: random.Random, n: int, start: float) -> List[Tuple[str, float, str]]:
    """One conversation's events as Rasa stores them: (type, timestamp, data)."""
    stored: List[Tuple[str, float, Dict[str, Any]]] = [
        ("action", start, {"event": "action", "name": "action_session_start"})
    ]
    stored.append(("session_started", start, {"event": "session_started"}))
    at = start
    for turn in range(rng.randint(1, 4)):
        at += rng.uniform(5, 60)
        said = f"{rng.choice(ASKED)} {n}-{turn}"
        kind = rng.choice(KINDS)
        if turn == 0 and rng.random() < 0.01:
            kind = "emergency"
        custom: Dict[str, object] = {"kind": kind}
        if kind == "answer":
            custom["section"] = rng.choice(SECTIONS)
        stored += [
            (
                "user",
                at,
                {"event": "user", "text": said, "parse_data": {"intent": {"name": "ask"}}},
            ),
            ("action", at, {"event": "action", "name": "action_answer"}),
            ("bot", at + 0.1, {"event": "bot", "text": "reply", "data": {"custom": custom}}),
            ("action", at + 0.1, {"event": "action", "name": "action_listen"}),
        ]
    return [(t, when, json.dumps({**data, "timestamp": when})) for t, when, data in stored]


def fill(conversations: int) -> int:
    """Write the events with COPY (as many rows as Rasa would have saved); how many."""
    engine = create_engine(TRACKER_URL)
    metadata.create_all(engine)
    rng = random.Random(11)  # noqa: S311 (test data, not secrets)
    year_ago = (datetime.now(timezone.utc) - timedelta(days=365)).timestamp()
    written = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(0, conversations, 10_000):
            buffer = io.StringIO()
            for n in range(first, min(conversations, first + 10_000)):
                start = year_ago + rng.uniform(0, 365 * 86400)
                for type_name, when, data in conversation(rng, n, start):
                    escaped = data.replace("\\", "\\\\").replace("\t", "\\t")
                    buffer.write(f"bench-{n:06d}\t{type_name}\t{when}\t{escaped}\n")
                    written += 1
            buffer.seek(0)
            cursor.copy_expert(
                "COPY events (sender_id, type_name, timestamp, data) FROM STDIN", buffer
            )
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    return written


def decode_everything() -> float:
    """The baseline: what each console request did before the read model (seconds)."""
    engine = create_engine(TRACKER_URL)
    began = time.perf_counter()
    with engine.connect() as connection:
        query = select(events.c.sender_id, events.c.data).where(
            events.c.type_name.in_(("user", "bot"))
        )
        for _, raw in connection.execute(query):
            json.loads(raw)
    engine.dispose()
    return time.perf_counter() - began


def run(args: List[str], env: Dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return done.stdout


def logged_in(url: str, username: str, password: str) -> requests.Session:
    """A staff member's browser session (pages and API alike)."""
    import re

    import requests

    browser = requests.Session()
    form = browser.get(f"{url}/staff/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    browser.post(
        f"{url}/staff/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        timeout=30,
    ).raise_for_status()
    return browser


def timed(browser: requests.Session, url: str) -> float:
    began = time.perf_counter()
    browser.get(url, timeout=120).raise_for_status()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    conversations = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(
        f"[console] filling a PostgreSQL tracker store with {conversations:,} conversations ...",
        flush=True,
    )
    fresh_database()
    began = time.perf_counter()
    rows = fill(conversations)
    print(f"[console] {rows:,} events written in {time.perf_counter() - began:.0f} s", flush=True)
    baseline_ms = decode_everything() * 1000
    with tempfile.TemporaryDirectory(prefix="letschat-console-") as var:
        env = {
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "LETSCHAT_VAR_DIR": var,
            "LETSCHAT_TRACKER_STORE_URL": TRACKER_URL,
            "LETSCHAT_WEB_PORT": str(WEB_PORT),
        }
        began = time.perf_counter()
        run(["-m", "bot.conversations", "rebuild"], env)
        rebuild_s = time.perf_counter() - began
        password = secrets.token_urlsafe(16)  # a throwaway account in a throwaway folder
        run(
            ["-m", "bot.staff", "add-user", "bench", "--role", "admin", "--password-stdin"],
            env,
            stdin=f"{password}\n",
        )
        month = datetime.now(timezone.utc) - timedelta(days=60)
        paths = {
            "list, first page": "/staff/api/conversations",
            "list, page 500": "/staff/api/conversations?page=500",
            "search (q=)": "/staff/api/conversations?q=botox",
            "flag (emergency)": "/staff/api/conversations?flag=emergency",
            "date range (a month)": "/staff/api/conversations?from="
            f"{month:%Y-%m-%d}&to={month + timedelta(days=30):%Y-%m-%d}",
            "transcript": f"/staff/api/conversations/bench-{conversations // 2:06d}",
            "analytics page": "/staff/analytics/",
        }
        with web_app(env, WEB_PORT) as url:
            browser = logged_in(url, "bench", password)
            figures = {}
            for label, path in paths.items():
                timed(browser, url + path)  # a first request warms the pool
                samples = sorted(timed(browser, url + path) for _ in range(REQUESTS))
                figures[label] = (
                    statistics.median(samples),
                    samples[int(0.95 * (len(samples) - 1))],
                )
    print()
    print(f"console at {conversations:,} conversations ({rows:,} events, PostgreSQL)")
    print(
        f"read model rebuild: {rebuild_s:.0f} s ({conversations / rebuild_s:,.0f} conversations/s)"
    )
    print(
        "baseline, every request before the read model (decode every message): "
        f"{baseline_ms:,.0f} ms"
    )
    print(
        f"{'request':24} {'p50 ms':>8} {'p95 ms':>8} {'p95/baseline':>13}  "
        f"target p95 <= {TARGET_MS:.0f} ms"
    )
    for label, (p50, p95) in figures.items():
        verdict = "ok" if p95 <= TARGET_MS else "MISSED"
        print(f"{label:24} {p50:8.1f} {p95:8.1f} {p95 / baseline_ms:13.4f}  {verdict}")


if __name__ == "__main__":
    main()
