"""Ready means ready: the stack as `make run` starts it answers the first patient at once,
after a start and after the launcher restarts a killed server, over real HTTP.

While a server is down or warming, patients get the phone line (never silence), and
`/healthz` says unavailable; a slow answer is promised and then shown from the
history; the warm-up conversation is nowhere staff look.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
import requests

from bot.redaction import session_ref
from tests.conftest import add_staff_user, assistant_on, kinds, server_pid, wait_for_line
from tools.assistant import RunningAssistant, child_pids

PHONE = "252-555-0100"
PROFILE = {"rasa_port": 5108, "action_port": 5158, "web_port": 8108, "hospital_phone": PHONE}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
NAV, PASSWORD = "ready-nav", "amber kettle orchard violin 58"


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    var = tmp_path_factory.mktemp("ready")
    with assistant_on(var, PROFILE) as runner:
        runner.var = var  # type: ignore[attr-defined]
        yield runner


def new_session() -> str:
    return uuid.uuid4().hex


def chat(session: str, text: str) -> requests.Response:
    return requests.post(
        f"{WEB}/chat/message", json={"session": session, "message": text}, timeout=30
    )


def health() -> requests.Response:
    return requests.get(f"{WEB}/healthz", timeout=30)


def running(pid: int) -> bool:
    """Any of its threads alive: not a zombie waiting for a parent that is gone to reap
    it (a main thread that has ended shows as a zombie while other threads still run)."""
    states = []
    for task in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            states.append(task.read_text().rsplit(")", 1)[1].split()[0])
        except OSError:
            continue
    return any(state not in ("Z", "X") for state in states)


def answered_from_page(session: str) -> Dict[str, Any]:
    """Ask the moment the launcher says the chain is back: the page must answer."""
    reply = chat(session, "what causes dystonia?")
    assert reply.status_code == 200
    assert "answer" in kinds(reply), reply.json()  # a first turn carries the disclaimer too
    return reply.json()["messages"][kinds(reply).index("answer")]


def test_the_first_question_at_ready_is_answered_from_the_page(stack: RunningAssistant) -> None:
    # The fixture hands over the moment "ready" is printed: nobody has asked anything.
    first = answered_from_page(new_session())
    assert first["custom"]["section"] == "causes"
    assert "basal ganglia" in first["text"]
    checked = health()
    assert checked.status_code == 200
    assert checked.json() == {
        "status": "ok",
        "checks": dict.fromkeys(["actions", "database", "rasa", "tracker_store", "warm"], True),
    }


def test_no_warm_up_conversation_is_anywhere_staff_look(stack: RunningAssistant) -> None:
    patient = new_session()
    answered_from_page(patient)
    tracker = sqlite3.connect(stack.var / "tracker.db")  # type: ignore[attr-defined]
    try:
        senders = {row[0] for row in tracker.execute("SELECT DISTINCT sender_id FROM events")}
    finally:
        tracker.close()
    assert patient in senders
    assert not [s for s in senders if s.startswith("letschat-warm-up-")], senders
    add_staff_user(stack, NAV, PASSWORD)
    staff = requests.Session()
    login = staff.get(f"{WEB}/staff/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
    staff.post(
        f"{WEB}/staff/login",
        data={"csrf_token": token, "username": NAV, "password": PASSWORD},
    )
    listed = staff.get(f"{WEB}/staff/api/conversations")
    assert listed.status_code == 200
    shown = {c["sender_id"] for c in listed.json()}
    assert shown == senders  # the patients' conversations, and nothing else


def test_a_slow_answer_is_promised_then_shown_from_the_history(stack: RunningAssistant) -> None:
    session = new_session()
    rasa = server_pid(stack, "rasa")
    os.kill(rasa, signal.SIGSTOP)  # Rasa busy for longer than the web app waits
    try:
        reply = chat(session, "how is dystonia treated?")
    finally:
        os.kill(rasa, signal.SIGCONT)
    assert reply.status_code == 200
    body = reply.json()
    assert body["pending"] is True
    (promise,) = body["messages"]
    assert promise["custom"] == {"kind": "fallback", "lang": "en"}
    assert "answer will appear here" in promise["text"] and PHONE in promise["text"]
    # The turn was not abandoned: the answer reaches the history the widget reads.
    deadline = time.monotonic() + 60
    while True:
        history = requests.post(f"{WEB}/chat/history", json={"session": session}, timeout=30)
        turns = history.json()["messages"]
        answers = [t for t in turns if t.get("custom", {}).get("kind") == "answer"]
        if answers:
            break
        assert time.monotonic() < deadline, f"no late answer in the history: {turns}"
        time.sleep(1)
    assert (turns[0]["who"], turns[0]["text"]) == ("patient", "how is dystonia treated?")
    assert turns[0]["at"] >= body["asked_at"] - 1  # what the widget finds the answer by
    assert answers[0]["custom"]["section"] == "treatment"


def test_a_killed_action_server_comes_back_warm(stack: RunningAssistant) -> None:
    back_before = stack.log.read_text().count("actions is back and answering")
    session = "stopped-actions-1-abcdefghij"
    os.kill(server_pid(stack, "actions"), signal.SIGKILL)
    time.sleep(1)
    # Meanwhile: the phone line instead of Rasa's empty reply, logged without the id.
    reply = chat(session, "what causes dystonia?")
    assert reply.json()["messages"][0]["custom"] == {"kind": "fallback", "lang": "en"}
    assert PHONE in reply.json()["messages"][0]["text"]
    assert health().status_code == 503
    time.sleep(0.5)
    log = (stack.var / "logs" / "web.log").read_text()  # type: ignore[attr-defined]
    assert f"empty reply ({session_ref(session)})" in log
    assert session not in log
    wait_for_line(stack, "actions is back and answering", back_before)
    answered_from_page(session)
    assert health().status_code == 200


def test_a_killed_rasa_server_gets_no_patient_until_it_is_warm(stack: RunningAssistant) -> None:
    back_before = stack.log.read_text().count("rasa is back and answering")
    os.kill(server_pid(stack, "rasa"), signal.SIGKILL)
    # Until Rasa is back and has answered the warm-up straight, every reply gives the
    # phone line, and a message that was not sent says so (503: the widget keeps it in
    # the box). Nobody is left waiting on a cold Rasa (no "answer will follow").
    refused = 0
    state = stack.var / "chain-state"  # type: ignore[attr-defined]
    while stack.log.read_text().count("rasa is back and answering") == back_before:
        assert stack.process.poll() is None, "the launcher stopped"
        warm = '"ready"' in state.read_text()
        reply = chat(new_session(), "what causes dystonia?")
        assert not reply.json().get("pending"), "a patient was sent to a cold Rasa"
        if not warm:
            assert kinds(reply) == ["fallback"] and PHONE in reply.json()["messages"][0]["text"]
            refused += reply.status_code == 503
        time.sleep(2)
    assert refused, "no message was held back while Rasa was warming"
    answered_from_page(new_session())
    assert health().status_code == 200


def port_is_free(port: int) -> bool:
    """Whether the next `make run` could listen here (its servers, too, reuse the address
    of connections still closing)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_a_killed_launcher_leaves_no_server_behind(stack: RunningAssistant) -> None:
    servers = child_pids(stack.process.pid)
    assert len(servers) == 3
    ports = (PROFILE["rasa_port"], PROFILE["action_port"], PROFILE["web_port"])
    os.kill(stack.process.pid, signal.SIGKILL)  # no chance to stop them itself
    stack.process.wait(timeout=10)
    # A server's shutdown takes a moment (its threads finish after its main thread):
    # wait until none runs and every port is free, or fail after a minute.
    deadline = time.monotonic() + 60
    while True:
        left = [pid for pid in servers if running(pid)]
        taken = [port for port in ports if not port_is_free(port)]
        if not left and not taken:
            break
        assert time.monotonic() < deadline, f"still running: {left}, ports taken: {taken}"
        time.sleep(0.5)
