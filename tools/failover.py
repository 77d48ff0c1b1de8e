"""Patients talking at once while one Rasa server is killed: what they got, what was kept.

Each patient is a thread that sends its questions through the web app's
``/chat/message`` as the widget does, one after another with a pause to read. Once a
share of all messages is sent, ``kill`` runs (the caller SIGKILLs a Rasa server). Then
the tracker store is read: every message that got a real reply must be there exactly
once, and no message may be there twice.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Tuple

import requests
from sqlalchemy import create_engine, select

from bot.conversations import events

QUESTIONS = (
    "what causes dystonia",
    "how is it treated",
    "what are the symptoms",
    "is there a cure",
    "can botox help my neck",
    "what is focal dystonia",
    "how do they diagnose it",
    "are there support groups",
)
TRY_AGAIN = "try again in a moment"  # the web app's reply when Rasa gave none


@dataclass
class Outcome:
    replied: List[Tuple[str, str]] = field(default_factory=list)  # (session, text)
    try_again: List[Tuple[str, str]] = field(default_factory=list)
    pending: List[Tuple[str, str]] = field(default_factory=list)  # the answer follows
    errors: List[str] = field(default_factory=list)
    killed_at: int = 0  # messages sent when the server was killed

    @property
    def sent(self) -> int:
        return len(self.replied) + len(self.try_again) + len(self.pending) + len(self.errors)


def patient(
    web: str,
    messages: int,
    pause: float,
    outcome: Outcome,
    lock: threading.Lock,
    after_each: Callable[[], None],
) -> None:
    session = secrets.token_hex(16)
    for n in range(messages):
        text = f"{QUESTIONS[n % len(QUESTIONS)]} ({n + 1})"
        try:
            reply = requests.post(
                f"{web}/chat/message", json={"session": session, "message": text}, timeout=60
            ).json()
        except (requests.RequestException, ValueError) as error:
            with lock:
                outcome.errors.append(type(error).__name__)
            continue
        said = " ".join(m.get("text", "") for m in reply.get("messages", []))
        with lock:
            if reply.get("pending"):
                outcome.pending.append((session, text))
            elif TRY_AGAIN in said:
                outcome.try_again.append((session, text))
            else:
                outcome.replied.append((session, text))
        after_each()
        time.sleep(pause)


def talk_while_killing(
    web: str,
    patients: int,
    messages: int,
    kill: Callable[[], None],
    kill_after: float = 0.4,
    pause: float = 0.3,
) -> Outcome:
    outcome, lock = Outcome(), threading.Lock()
    killed = threading.Event()
    total = patients * messages

    def after_each() -> None:
        with lock:
            due = not killed.is_set() and outcome.sent >= kill_after * total
            if due:
                killed.set()
                outcome.killed_at = outcome.sent
        if due:
            kill()

    threads = [
        threading.Thread(target=patient, args=(web, messages, pause, outcome, lock, after_each))
        for _ in range(patients)
    ]
    for thread in threads:
        thread.start()
        time.sleep(pause / patients)  # patients arrive spread out, not in lockstep
    for thread in threads:
        thread.join()
    return outcome


def stored_messages(tracker_url: str, sessions: List[str]) -> Counter:
    """How often each (session, text) is in the tracker store."""
    engine = create_engine(tracker_url)
    stored: Counter = Counter()
    try:
        with engine.connect() as connection:
            query = select(events.c.sender_id, events.c.data).where(
                events.c.type_name == "user", events.c.sender_id.in_(sessions)
            )
            for sender, raw in connection.execute(query):
                stored[(sender, json.loads(raw or "{}").get("text"))] += 1
    finally:
        engine.dispose()
    return stored


LATE_ANSWER_SECONDS = 120  # how long the widget looks for an answer that will follow


def check(tracker_url: str, outcome: Outcome) -> Dict[str, int]:
    """What the patients got against what the tracker store kept. A message whose answer
    was to follow counts as kept once it is stored within the widget's wait for it."""
    sessions = sorted({s for s, _ in outcome.replied + outcome.try_again + outcome.pending})
    deadline = time.monotonic() + LATE_ANSWER_SECONDS
    while True:
        stored = stored_messages(tracker_url, sessions)
        late_missing = sum(stored[m] == 0 for m in outcome.pending)
        if not late_missing or time.monotonic() > deadline:
            break
        time.sleep(2)
    return {
        "sent": outcome.sent,
        "replied": len(outcome.replied),
        "try again": len(outcome.try_again),
        "answer follows": len(outcome.pending),
        "errors": len(outcome.errors),
        "replied but missing": sum(stored[m] == 0 for m in outcome.replied),
        "answer never followed": late_missing,
        "stored twice": sum(n > 1 for n in stored.values()),
    }
