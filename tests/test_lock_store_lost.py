"""The Redis lock store lost while patients talk, over real HTTP against the stack as
`make run` starts it, with a Redis server of the test's own (the machine's shared one
stays up): patients get the phone line, the web app logs the outage once, nothing is
kept that the patient was told to send again, and it all comes back with Redis."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.conftest import assistant_on, kinds
from tools.failover import stored_messages

REDIS_PORT = 6391
PHONE = "252-555-0100"
PROFILE = {
    "rasa_port": 5115,
    "action_port": 5165,
    "web_port": 8115,
    "lock_store_url": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "hospital_phone": PHONE,
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"


def start_redis(folder: Path) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (Debian's redis-server package)"
    assert (
        subprocess.run(  # a Redis left on the port would answer for the one stopped
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
        ).stdout.strip()
        != "PONG"
    ), f"something already answers on port {REDIS_PORT}"
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while (
        subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
        ).stdout.strip()
        != "PONG"
    ):
        assert time.monotonic() < deadline and process.poll() is None, "redis did not start"
        time.sleep(0.2)
    return process


@pytest.fixture(scope="module")
def redis_and_stack(tmp_path_factory) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("lock-store-lost")
    redis = [start_redis(folder)]  # the test replaces it when it restarts Redis
    try:
        with assistant_on(folder, PROFILE) as runner:
            yield runner, folder, redis
    finally:
        redis[0].terminate()
        redis[0].wait(timeout=10)


def chat(session: str, text: str) -> requests.Response:
    return requests.post(
        f"{WEB}/chat/message", json={"session": session, "message": text}, timeout=30
    )


def test_a_lost_lock_store_gives_the_phone_line_and_comes_back(redis_and_stack: tuple) -> None:
    runner, folder, redis = redis_and_stack
    session = uuid.uuid4().hex
    assert "answer" in kinds(chat(session, "what causes dystonia?"))
    redis[0].terminate()
    redis[0].wait(timeout=10)
    lost = ["how is dystonia treated?", "what are the symptoms?", "is it hereditary?"]
    for text in lost:
        reply = chat(session, text)
        assert kinds(reply) == ["fallback"], reply.json()
        assert PHONE in reply.json()["messages"][0]["text"]
    redis[0] = start_redis(folder)
    deadline = time.monotonic() + 60
    while "answer" not in kinds(chat(session, "what causes dystonia?")):
        assert time.monotonic() < deadline, "no answer after the lock store came back"
        time.sleep(2)
    texts = stored_messages(runner.tracker_url, [session])
    assert texts[(session, "what causes dystonia?")] >= 2
    assert not any(
        texts[(session, text)] for text in lost
    )  # what the patient was told to retry was not kept
    web_log = (folder / "logs" / "web.log").read_text()
    assert web_log.count("patients get the phone line until Rasa replies again") == 1
    assert web_log.count("chat: Rasa replies again") == 1
