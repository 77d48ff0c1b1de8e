"""Two Rasa servers behind HAProxy, one SIGKILLed while patients talk.

Started as `make run` starts the scaled profile (LETSCHAT_RASA_SERVERS=2, PostgreSQL
tracker store, Redis lock store). Patients talk through the web app; when 40% of their
messages are sent, the second Rasa server is killed. Every message that got a real
reply is in the tracker store once, none twice, at most 2% got "try again"; the
launcher restarts the server and the balancer takes it back once warm. `make bench`
runs the same with 40 patients (tools/failover.py).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests
import sqlalchemy as sa

from bot.settings import PROJECT_ROOT
from tests.conftest import add_staff_user, assistant_on, wait_for_line
from tests.test_live_chat import PASSWORD as LIVE_PASSWORD
from tests.test_live_chat import Navigator, Patient, waiting_chat
from tools.assistant import RunningAssistant, child_pids, command_line, is_rasa_server, web_app
from tools.failover import check, talk_while_killing

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "letschat_failover"
POSTGRES_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
PROFILE = {
    "rasa_servers": 2,
    "rasa_port": 5140,  # and 5141
    "balancer_port": 5139,
    "action_port": 5190,
    "web_port": 8140,
    "database_url": POSTGRES_URL,
    "tracker_store_url": POSTGRES_URL,
    "lock_store_url": "redis://127.0.0.1:6379/7",
    "rate_limit_storage_url": "redis://127.0.0.1:6379/8",
    "chat_address_limit": 100000,  # every patient here comes from 127.0.0.1
    "live_hours": "Mon-Sun 00:00-24:00",  # a care navigator may be on duty at any time
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"


def fresh_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:  # PostgreSQL is required: no skip
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    fresh_database()
    with assistant_on(tmp_path_factory.mktemp("failover"), PROFILE) as runner:
        add_staff_user(runner, "nina", LIVE_PASSWORD, display_name="Nina")
        yield runner


def rasa_pid(runner: RunningAssistant, port: int) -> int:
    found = [
        pid
        for pid in child_pids(runner.process.pid)
        if is_rasa_server(pid) and f"--port {port}" in command_line(pid)
    ]
    assert found, f"no Rasa server on port {port}"
    return found[0]


def calls_per_server(stack: RunningAssistant) -> Dict[str, int]:
    """HAProxy's own count of calls sent to each Rasa server (its runtime API)."""
    path = Path(stack.env["LETSCHAT_VAR_DIR"]) / "haproxy.sock"  # type: ignore[attr-defined]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as runtime:
        runtime.connect(str(path))
        runtime.sendall(b"show stat\n")
        raw = b""
        while chunk := runtime.recv(65536):
            raw += chunk
    rows = list(csv.reader(io.StringIO(raw.decode().lstrip("# "))))
    header = rows[0]
    return {
        row[1]: int(row[header.index("stot")])
        for row in rows[1:]
        if row and row[0] == "rasa" and row[1].startswith("rasa-")
    }


def test_both_servers_answer_behind_the_balancer(stack: RunningAssistant) -> None:
    log = stack.log.read_text()
    assert "[rasa-1]" in log and "[rasa-2]" in log and "[balancer]" in log
    assert f"REST channel at http://127.0.0.1:{PROFILE['balancer_port']}/" in log
    assert requests.get(f"{WEB}/healthz", timeout=10).status_code == 200
    before = calls_per_server(stack)
    # sixteen conversations: all on one server by chance would be one in 30,000
    outcome = talk_while_killing(WEB, patients=16, messages=1, kill=lambda: None, kill_after=2)
    assert len(outcome.replied) == 16
    after = calls_per_server(stack)
    assert all(after[name] > before[name] for name in ("rasa-1", "rasa-2")), (before, after)


def test_a_live_chat_works_across_web_apps_and_rasa_servers(stack: RunningAssistant) -> None:
    """The navigator on the launcher's web app, the patient on another web app process,
    their conversation on one of two Rasa servers behind HAProxy."""
    # a second web app process on the same stores, as a hospital would run behind its
    # proxy: nothing of a live chat may live in one process's memory
    env = {**os.environ, **stack.env, "PYTHONPATH": str(PROJECT_ROOT)}  # type: ignore[attr-defined]
    with web_app(env, PROFILE["web_port"] + 1) as second_web:
        nina, patient = Navigator("nina", WEB), Patient(second_web)
        nina.available(True)
        try:
            chat_id = waiting_chat(nina, patient)
            assert nina.post(f"/chats/{chat_id}/accept").url.endswith(f"/chats/{chat_id}")
            assert nina.post(f"/chats/{chat_id}/messages", message="Hi, I'm Nina.").json()["sent"]
            news = patient.follow()
            assert news["status"] == "active" and news["navigator"] == "Nina"
            assert [m["text"] for m in news["messages"] if m["custom"]["kind"] == "navigator"] == [
                "Hi, I'm Nina."
            ]
            assert patient.say("what causes dystonia") == {"messages": [], "live": "active"}
            emergency = patient.say("my wife collapsed and she is not breathing")["messages"]
            assert [m["custom"]["kind"] for m in emergency] == ["emergency"]
            assert "911" in emergency[0]["text"]
            feed = nina.http.get(f"{WEB}/staff/live/chats/{chat_id}/feed", timeout=30).json()
            assert feed["alert"] is True
            nina.end(chat_id)
            answer = patient.say("how is dystonia treated")["messages"]
            assert [m["custom"]["kind"] for m in answer][-1] == "answer"
        finally:
            nina.available(False)


def test_a_server_killed_mid_conversation_loses_nothing(stack: RunningAssistant) -> None:
    victim = rasa_pid(stack, PROFILE["rasa_port"] + 1)
    outcome = talk_while_killing(
        WEB, patients=10, messages=15, kill=lambda: os.kill(victim, signal.SIGKILL)
    )
    figures = check(stack.tracker_url, outcome)
    print(figures)
    assert outcome.killed_at, "the server was never killed"
    assert figures["sent"] == 150 and figures["errors"] == 0, figures
    assert figures["replied but missing"] == 0, figures
    assert figures["answer never followed"] == 0, figures
    assert figures["stored twice"] == 0, figures
    assert figures["try again"] <= 0.02 * figures["sent"], figures
    # the launcher brings it back, warm, and the balancer sends patients to it again
    wait_for_line(stack, "rasa-2 is back and answering", 0)
    assert rasa_pid(stack, PROFILE["rasa_port"] + 1) != victim
    after = talk_while_killing(WEB, patients=4, messages=3, kill=lambda: None, kill_after=2)
    assert len(after.replied) == 12, check(stack.tracker_url, after)
