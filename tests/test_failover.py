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

from tests.conftest import assistant_on, wait_for_line
from tools.assistant import RunningAssistant, child_pids, command_line
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
        yield runner


def rasa_pid(runner: RunningAssistant, port: int) -> int:
    found = [
        pid
        for pid in child_pids(runner.process.pid)
        if " -m rasa " in command_line(pid) and f"--port {port}" in command_line(pid)
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
