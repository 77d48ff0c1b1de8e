"""The tracker store lost while patients talk (real PostgreSQL: its database stops
taking connections and every open one is cut), over real HTTP against the stack as
`make run` starts it: patients get the phone line, the web app logs the outage once,
nothing is shown as answered that was not kept, and it all comes back."""

from __future__ import annotations

import os
import signal
import time
import uuid
from typing import Iterator

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import assistant_on, kinds, server_pid, wait_for_line
from tools.assistant import RunningAssistant
from tools.failover import stored_messages

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "letschat_store_lost"
TRACKER_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
PHONE = "252-555-0100"
PROFILE = {
    "rasa_port": 5114,
    "action_port": 5164,
    "web_port": 8114,
    "tracker_store_url": TRACKER_URL,
    "hospital_phone": PHONE,
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"


# Identifiers cannot be bound parameters: the statements name the database literally.
CREATE = "CREATE DATABASE letschat_store_lost"
DROP = "DROP DATABASE IF EXISTS letschat_store_lost WITH (FORCE)"
CUT_OFF = "ALTER DATABASE letschat_store_lost WITH ALLOW_CONNECTIONS false"
RESTORE = "ALTER DATABASE letschat_store_lost WITH ALLOW_CONNECTIONS true"
END_SESSIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = :name AND pid <> pg_backend_pid()"
)
EXISTS = "SELECT 1 FROM pg_database WHERE datname = :name"


def admin(*statements: str) -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(sa.text(statement), {"name": DATABASE})
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.execute(sa.text(EXISTS), {"name": DATABASE}).first():
            connection.execute(sa.text(RESTORE))  # left cut off by an interrupted run
            connection.execute(sa.text(DROP))
        connection.execute(sa.text(CREATE))
    engine.dispose()
    var = tmp_path_factory.mktemp("store-lost")
    try:
        with assistant_on(var, PROFILE) as runner:
            runner.var = var  # type: ignore[attr-defined]
            yield runner
    finally:
        admin(RESTORE, DROP)


def chat(session: str, text: str) -> requests.Response:
    return requests.post(
        f"{WEB}/chat/message", json={"session": session, "message": text}, timeout=30
    )


def test_a_lost_tracker_store_gives_the_phone_line_and_comes_back(stack: RunningAssistant) -> None:
    session = uuid.uuid4().hex
    assert "answer" in kinds(chat(session, "what causes dystonia?"))
    admin(CUT_OFF, END_SESSIONS)
    try:
        lost = ["how is dystonia treated?", "what are the symptoms?", "is it hereditary?"]
        for text in lost:
            reply = chat(session, text)
            assert reply.status_code in (200, 503)
            assert kinds(reply) == ["fallback"], reply.json()
            assert PHONE in reply.json()["messages"][0]["text"]
        assert requests.get(f"{WEB}/healthz", timeout=30).json()["checks"]["tracker_store"] is False
    finally:
        admin(RESTORE)
    # Back: within a few messages (pools reconnect) the page answers and the turn is kept.
    deadline = time.monotonic() + 60
    while "answer" not in kinds(chat(session, "what causes dystonia?")):
        assert time.monotonic() < deadline, "no answer after the tracker store came back"
        time.sleep(2)
    texts = stored_messages(TRACKER_URL, [session])
    assert texts[(session, "what causes dystonia?")] >= 2
    assert not any(
        texts[(session, text)] for text in lost
    )  # what the patient was told to retry was not kept
    # Rasa itself falls back to keeping conversations in memory and answers on: the web
    # app's check is what caught it, and it said so once, then once that it was over.
    web_log = (stack.var / "logs" / "web.log").read_text()  # type: ignore[attr-defined]
    assert web_log.count("not kept in the tracker store") == 1
    assert web_log.count("keeps conversations again") == 1


def test_rasa_is_not_restarted_into_memory_while_the_store_is_lost(
    stack: RunningAssistant,
) -> None:
    """A Rasa started while its tracker store is down would keep conversations in memory:
    the launcher holds the restart, says why, and restarts it once the store is back."""
    back_before = stack.log.read_text().count("rasa is back and answering")
    held_before = stack.log.read_text().count("not restarting yet: the tracker store")
    admin(CUT_OFF, END_SESSIONS)
    try:
        os.kill(server_pid(stack, "rasa"), signal.SIGKILL)
        wait_for_line(stack, "not restarting yet: the tracker store", held_before)
        reply = chat(uuid.uuid4().hex, "what causes dystonia?")
        assert kinds(reply) == ["fallback"] and PHONE in reply.json()["messages"][0]["text"]
        with pytest.raises(AssertionError, match="no rasa server running"):
            server_pid(stack, "rasa")  # held, not started into memory
    finally:
        admin(RESTORE)
    wait_for_line(stack, "rasa is back and answering", back_before)
    assert "answer" in kinds(chat(uuid.uuid4().hex, "what causes dystonia?"))
