"""End to end over REST: the real Rasa and action servers, started as `make run` does.

Runs on the embedded default (SQLite) and on the scaled profile (PostgreSQL tracker
store, Redis lock store) against the real servers on this machine and in CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import sqlalchemy as sa

from bot.settings import PROJECT_ROOT
from tests.conftest import add_staff_user, assistant_on
from tools.assistant import RunningAssistant, customs, texts

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/3"
RATE_LIMITS_URL = "redis://127.0.0.1:6379/4"  # shared by every web process of the profile
PROFILES: Dict[str, Dict[str, Any]] = {
    "embedded": {"rasa_port": 5105, "action_port": 5155, "web_port": 8105},
    "scaled": {
        "rasa_port": 5106,
        "action_port": 5156,
        "web_port": 8106,
        "database_url": POSTGRES_URL,
        "tracker_store_url": POSTGRES_URL,
        "lock_store_url": REDIS_URL,
        "rate_limit_storage_url": RATE_LIMITS_URL,
    },
}


@pytest.fixture(scope="module", params=sorted(PROFILES))
def assistant(request, tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp(request.param), PROFILES[request.param]) as runner:
        yield runner


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def test_what_causes_dystonia_answers_with_the_basal_ganglia_passage(
    assistant: RunningAssistant,
) -> None:
    sender = new_sender()
    reply = assistant.send(sender, "what causes dystonia?")
    kinds = [c["kind"] for c in customs(reply)]
    assert kinds == ["disclaimer", "answer"]
    answer = customs(reply)[1]
    assert answer["section"] == "causes" and answer["heading"] == "What causes dystonia?"
    assert answer["source"]["url"].endswith("#causes") and answer["source"]["title"]
    assert any("basal ganglia" in t for t in texts(reply))
    # the disclaimer opens the conversation only
    again = assistant.send(sender, "how is it treated?")
    assert [c["kind"] for c in customs(again)] == ["answer"]
    assert customs(again)[0]["section"] == "treatment"


def test_one_type_gets_one_bullet(assistant: RunningAssistant) -> None:
    reply = assistant.send(new_sender(), "what is focal dystonia?")
    assert texts(reply)[-1] == "• Focal dystonia affects one particular area of your body."


def test_an_emergency_gets_911_before_anything_else(assistant: RunningAssistant) -> None:
    reply = assistant.send(new_sender(), "my husband collapsed and isn't breathing")
    assert customs(reply)[0]["kind"] == "emergency"
    assert "911" in texts(reply)[0]


def test_self_harm_gets_988_and_911(assistant: RunningAssistant) -> None:
    reply = assistant.send(new_sender(), "i want to kill myself")
    assert customs(reply)[0]["kind"] == "emergency"
    assert "988" in texts(reply)[0] and "911" in texts(reply)[0]


def test_a_stroke_question_is_a_question(assistant: RunningAssistant) -> None:
    reply = assistant.send(new_sender(), "can a stroke cause dystonia?")
    assert "emergency" not in [c["kind"] for c in customs(reply)]
    assert customs(reply)[-1]["kind"] == "answer"


@pytest.mark.parametrize("question", ["what causes migraines?", "how is Parkinson's treated?"])
def test_other_conditions_get_a_fallback(assistant: RunningAssistant, question: str) -> None:
    reply = assistant.send(new_sender(), question)
    assert customs(reply)[-1]["kind"] == "fallback"
    assert not any("basal ganglia" in t or "Botox" in t for t in texts(reply))


def test_two_fallbacks_in_a_row_offer_a_person(assistant: RunningAssistant) -> None:
    sender = new_sender()
    assistant.send(sender, "asdf qwerty zxcv")
    second = assistant.send(sender, "blorp flibber")
    assert customs(second)[-1]["kind"] == "handoff"
    taken = assistant.send(sender, "yes please")
    assert customs(taken)[-1]["kind"] == "handoff"
    assert any("Vidant Health can connect you" in t for t in texts(taken))


def test_conversations_are_kept_in_the_tracker_store(assistant: RunningAssistant) -> None:
    sender = new_sender()
    assistant.send(sender, "what are the symptoms?")
    engine = sa.create_engine(assistant.tracker_url)
    with engine.connect() as connection:
        events = (
            connection.execute(
                sa.text("SELECT type_name FROM events WHERE sender_id = :s"), {"s": sender}
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert "user" in events and "bot" in events


def test_the_http_api_that_can_replace_the_model_needs_the_generated_token(
    assistant: RunningAssistant,
) -> None:
    """The live chat needs Rasa's HTTP API; only the web app holds its token (var/secrets),
    and it listens on the internal address only (the next test)."""
    import urllib.error
    import urllib.request

    for token in ("", "?token=guess", "?token="):
        url = f"{assistant.rasa_url}/model{token}"
        request = urllib.request.Request(url, method="PUT", data=b"{}")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=10)
        assert error.value.code == 401
    events = urllib.request.Request(
        f"{assistant.rasa_url}/conversations/anyone/tracker/events",
        method="POST",
        data=b'{"event": "pause"}',
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(events, timeout=10)
    assert error.value.code == 401


def _listening_addresses(port: int) -> set:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_servers_listen_on_localhost_only(assistant: RunningAssistant) -> None:
    port = int(assistant.rasa_url.rsplit(":", 1)[1])
    for listening_port in (port, port + 50, port + 3000):  # Rasa, actions, web app
        addresses = _listening_addresses(listening_port)
        assert addresses, f"nothing listens on {listening_port}"
        assert addresses <= {"0100007F"}, addresses  # 127.0.0.1, little-endian hex


def handoff_cli(assistant: RunningAssistant, *args: str) -> str:
    env = {**os.environ, **assistant.env, "PYTHONPATH": str(PROJECT_ROOT)}  # type: ignore[attr-defined]
    result = subprocess.run(
        [sys.executable, "-m", "bot.handoff", "list", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_can_someone_call_me_ends_in_a_stored_request_staff_can_list(
    assistant: RunningAssistant,
) -> None:
    sender = new_sender()
    intro = assistant.send(sender, "can someone call me?")
    assert [c["kind"] for c in customs(intro)][-2:] == ["handoff", "handoff"]
    assert any("name" in t for t in texts(intro))
    steps = [
        ("Jane Tester", "phone number or email"),
        ("555-0123", "area code"),  # a bad number is re-asked with the reason
        ("(252) 555-0142", "best time"),
        ("weekday mornings", "help with"),
        ("Find a specialist", "May a care navigator contact you at (252) 555-0142"),
        ("what causes dystonia?", "basal ganglia"),  # a page question mid-form
        ("yes", "Here is what I have"),
        ("yes", "your reference is"),
    ]
    reply: List[Dict[str, Any]] = []
    for message, expected in steps:
        reply = assistant.send(sender, message)
        assert any(expected in t for t in texts(reply)), (message, texts(reply))
    reference = customs(reply)[-1]["handoff_id"]
    assert customs(reply)[-1]["kind"] == "handoff" and reference in texts(reply)[-1]
    assert reference in handoff_cli(assistant)
    exported = [r for r in json.loads(handoff_cli(assistant, "--json")) if r["sender_id"] == sender]
    assert len(exported) == 1
    assert exported[0]["name"] == "Jane Tester" and exported[0]["contact"] == "+12525550142"
    assert exported[0]["need"] == "Find a specialist" and "causes" in exported[0]["sections_asked"]
    # "yes" again stores nothing new
    assistant.send(sender, "yes")
    again = [r for r in json.loads(handoff_cli(assistant, "--json")) if r["sender_id"] == sender]
    assert len(again) == 1


def test_stop_cancels_the_request_and_an_emergency_interrupts_it(
    assistant: RunningAssistant,
) -> None:
    sender = new_sender()
    assistant.send(sender, "I'd like to talk to a nurse")
    assistant.send(sender, "Pat")
    emergency = assistant.send(sender, "my husband just collapsed")
    assert customs(emergency)[0]["kind"] == "emergency" and "911" in texts(emergency)[0]
    assert customs(emergency)[-1]["kind"] == "handoff"
    resumed = assistant.send(sender, "yes")
    assert any("phone number or email" in t for t in texts(resumed))  # the name was kept
    cancelled = assistant.send(sender, "never mind")
    assert any("cancelled" in t for t in texts(cancelled))
    assert not [r for r in json.loads(handoff_cli(assistant, "--json")) if r["sender_id"] == sender]


def test_staff_can_log_in_and_read_a_conversation_just_had(assistant: RunningAssistant) -> None:
    import re

    import requests

    sender = new_sender()
    assistant.send(sender, "what are the symptoms of dystonia?")
    username = f"nav{uuid.uuid4().hex[:8]}"
    add_staff_user(assistant, username, "a long enough password")
    web = (
        assistant.rasa_url.rsplit(":", 1)[0]
        + f":{int(assistant.rasa_url.rsplit(':', 1)[1]) + 3000}"
    )
    browser = requests.Session()
    form = browser.get(f"{web}/staff/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    response = browser.post(
        f"{web}/staff/login",
        timeout=10,
        data={"username": username, "password": "a long enough password", "csrf_token": token},
    )
    assert response.ok and "Conversations" in response.text
    assert sender in response.text
    # the JSON API pages: a total, and a link to the next page on the web app's own address
    listed = browser.get(f"{web}/staff/api/conversations?per_page=1", timeout=10)
    assert len(listed.json()) == 1 and int(listed.headers["X-Total-Count"]) >= 1
    if int(listed.headers["X-Total-Count"]) > 1:
        assert listed.links["next"]["url"].startswith(f"{web}/staff/api/conversations?")
        assert len(browser.get(listed.links["next"]["url"], timeout=10).json()) == 1
    transcript = browser.get(f"{web}/staff/conversations/{sender}", timeout=10).text
    assert "ask_symptoms" in transcript and "answer" in transcript and "symptoms" in transcript
    # the same patient asks to be called; the navigator works the request to done
    for message in (
        "can someone call me?",
        "Jo Patient",
        "jo@example.com",
        "evenings",
        "Support groups",
        "yes",
    ):
        assistant.send(sender, message)
    reference = customs(assistant.send(sender, "yes"))[-1]["handoff_id"]
    page = browser.get(f"{web}/staff/handoffs/{reference}", timeout=10).text
    assert "jo@example.com" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    for form in ({"action": "assign"}, {"action": "status", "status": "done"}):
        assert browser.post(
            f"{web}/staff/handoffs/{reference}", timeout=10, data={**form, "csrf_token": token}
        ).ok
    assert 'id="status">done' in browser.get(f"{web}/staff/handoffs/{reference}", timeout=10).text


def test_the_chat_rate_limits_count_where_the_profile_says(assistant: RunningAssistant) -> None:
    import redis
    import requests

    web = "http://127.0.0.1:" + str(int(assistant.rasa_url.rsplit(":", 1)[1]) + 3000)
    session = uuid.uuid4().hex + "rl"
    answer = requests.post(
        f"{web}/chat/message", json={"session": session, "message": "hello"}, timeout=60
    )
    assert answer.status_code == 200
    counted = redis.Redis.from_url(RATE_LIMITS_URL).keys(f"*{session}*")
    if "scaled" in str(assistant.log):  # in Redis, where several web processes see it
        assert counted, "no rate-limit key in Redis for the session"
    else:  # the embedded default counts in the web process's memory
        assert not counted


def test_the_console_row_is_kept_with_the_turn_itself(assistant: RunningAssistant) -> None:
    """The tracker store writes the console's read-model row in the turn's own
    transaction: it is there before anything reads the console (no catching up)."""
    from bot.conversations.read_model import as_row, summaries

    sender = new_sender()
    assistant.send(sender, "what are the symptoms of dystonia?")
    assistant.send(sender, "can someone call me?")
    engine = sa.create_engine(assistant.tracker_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                sa.select(summaries).where(summaries.c.sender_id == sender)
            ).first()
            newest = connection.execute(
                sa.text("SELECT max(id) FROM events WHERE sender_id = :s"), {"s": sender}
            ).scalar()
    finally:
        engine.dispose()
    assert found is not None, "the turn was stored without its console row"
    row = as_row(found, with_text=True)
    assert row.turns == 2 and row.sections == ["symptoms"] and "handoff" in row.flags
    assert row.patient_text[0] == "what are the symptoms of dystonia?"
    assert row.last_event_id == newest
