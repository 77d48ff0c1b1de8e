"""Load generators for the benchmark: REST round trips, one or many clients."""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import List, Sequence

from bot.balancer import CONVERSATION_HEADER


def send(rasa_url: str, sender: str, message: str) -> float:
    """One REST round trip; returns its latency in milliseconds."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    headers = {"Content-Type": "application/json", CONVERSATION_HEADER: sender}  # as the web app
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=body, headers=headers
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LoadResult:
    latencies_ms: List[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def run_clients(
    rasa_url: str,
    questions: Sequence[str],
    clients: int,
    per_client: int,
    turns_per_conversation: int = 10,
) -> LoadResult:
    """``clients`` threads, each sending ``per_client`` questions in short conversations."""
    result = LoadResult()
    lock = threading.Lock()

    def client(number: int) -> None:
        for i in range(per_client):
            sender = f"bench-{number}-{i // turns_per_conversation}-{time.monotonic_ns()}"[:60]
            if i % turns_per_conversation:
                sender = last_sender[number]
            last_sender[number] = sender
            latency = send(rasa_url, sender, questions[(number * 7 + i) % len(questions)])
            with lock:
                result.latencies_ms.append(latency)

    last_sender = [""] * clients
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def turn_latency(
    rasa_url: str, questions: Sequence[str], turns: int = 50, conversations: int = 10
) -> List[float]:
    """Median latency at each turn number over long conversations (with 3, turn 50 /
    turn 1 of one build ranged from 1.10 to 1.41 between runs; with 10, 1.27 to 1.33)."""
    by_turn: List[List[float]] = [[] for _ in range(turns)]
    for c in range(conversations):
        sender = f"bench-long-{c}-{time.monotonic_ns()}"
        for t in range(turns):
            by_turn[t].append(send(rasa_url, sender, questions[(c + t) % len(questions)]))
    return [statistics.median(v) for v in by_turn]


def interleaved_one_client(
    rasa_urls: Sequence[str],
    questions: Sequence[str],
    messages: int,
    turns_per_conversation: int = 10,
) -> List[LoadResult]:
    """One client for several assistants at once, one message to each in turn: the same
    questions at the same moments, so a machine that slows for a while slows them all
    (measured one after the other, the ratio moved by 0.07 between runs)."""
    results = [LoadResult() for _ in rasa_urls]
    sender = ""
    for i in range(messages):
        if i % turns_per_conversation == 0:
            sender = f"bench-1-{i // turns_per_conversation}-{time.monotonic_ns()}"[:60]
        for url, result in zip(rasa_urls, results, strict=True):
            result.latencies_ms.append(send(url, sender, questions[i % len(questions)]))
    return results
