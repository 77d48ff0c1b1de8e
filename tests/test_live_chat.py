"""Live chat over real HTTP against the assistant as `make run` starts it: what is kept
(tracker store, transcript, audit), who may see what, a patient who leaves the line,
and bad input answered with a message."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any, Dict, Iterator, List

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import add_staff_user, assistant_on
from tools.assistant import RunningAssistant

PROFILE = {
    "rasa_port": 5118,
    "action_port": 5168,
    "web_port": 8118,
    "live_hours": "Mon-Sun 00:00-24:00",
    "live_patient_gone_seconds": 4,
    "live_navigator_seen_seconds": 8,  # a navigator silent this long has left
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
PASSWORD = "live chat rest password"
GIBBERISH = "zorblat quindex vapple"  # nothing the assistant can answer


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("live-rest"), PROFILE) as runner:
        add_staff_user(runner, "nina", PASSWORD, display_name="Nina")
        add_staff_user(runner, "omar", PASSWORD, display_name="Omar")
        add_staff_user(runner, "boss", PASSWORD, role="admin")
        yield runner


class Navigator:
    """A care navigator logged in to the console at ``web`` (over HTTP, as a browser)."""

    def __init__(self, username: str, web: str = WEB) -> None:
        self.web = web
        self.http = requests.Session()
        self.token = self._csrf("/staff/login")
        login = {"csrf_token": self.token, "username": username, "password": PASSWORD}
        assert self.http.post(f"{web}/staff/login", data=login, timeout=30).ok
        self.token = self._csrf("/staff/live/")

    def _csrf(self, path: str) -> str:
        page = self.http.get(f"{self.web}{path}", timeout=30).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def post(self, path: str, **form: str) -> requests.Response:
        return self.http.post(
            f"{self.web}/staff/live{path}",
            data={"csrf_token": self.token, **form},
            headers={"Accept": "application/json"},
            timeout=30,
        )

    def available(self, on: bool) -> None:
        assert self.post("/availability", available="1" if on else "0").json() == {"available": on}

    def state(self) -> Dict[str, Any]:
        return self.http.get(f"{self.web}/staff/live/state", timeout=30).json()

    def end(self, chat_id: int) -> None:
        """End the chat: back on the live page (a failed hand-back stays on the chat)."""
        assert self.post(f"/chats/{chat_id}/end").url.endswith("/staff/live/")


class Patient:
    """A patient's widget talking to the web app at ``web``."""

    def __init__(self, web: str = WEB) -> None:
        self.web = web
        self.session = uuid.uuid4().hex + "ab"

    def say(self, message: str) -> Dict[str, Any]:
        body = {"session": self.session, "message": message}
        return requests.post(f"{self.web}/chat/message", json=body, timeout=30).json()

    def follow(self, after: int | None = 0) -> Dict[str, Any]:
        body = {"session": self.session, "after": after}
        return requests.post(f"{self.web}/chat/live", json=body, timeout=30).json()


def waiting_chat(navigator: Navigator, patient: Patient) -> int:
    """The patient asks for a person and chooses "Chat now"; the chat's id."""
    patient.say("what causes dystonia")
    offer = patient.say("Talk to a person")["messages"][-1]
    assert [b["title"] for b in offer["buttons"]] == ["Chat now", "Request a call back"]
    chat_now = next(b["payload"] for b in offer["buttons"] if b["title"] == "Chat now")
    assert patient.say(chat_now)["messages"][-1]["custom"]["live"] == "waiting"
    assert patient.follow()["status"] == "waiting"
    chats = navigator.state()["waiting"]
    return next(c["id"] for c in chats if "what causes dystonia" in c["questions"])


def stored_events(runner: RunningAssistant, sender: str) -> List[Dict[str, Any]]:
    engine = create_engine(runner.tracker_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        events = [json.loads(row.data) for row in rows]
    engine.dispose()
    return events


def test_a_live_chat_is_kept_in_the_conversation_and_audited(assistant: RunningAssistant) -> None:
    nina, patient = Navigator("nina"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    accepted = nina.post(f"/chats/{chat_id}/accept")
    assert accepted.ok and accepted.url.endswith(f"/staff/live/chats/{chat_id}")
    assert nina.post(f"/chats/{chat_id}/messages", message="Hi, I'm Nina.").json()["sent"]
    reply = patient.say(GIBBERISH)
    assert reply == {"messages": [], "live": "active"}  # for the navigator, not the assistant
    nina.end(chat_id)
    nina.available(False)

    events = stored_events(assistant, patient.session)
    kinds = [e["event"] for e in events]
    assert kinds.index("pause") < kinds.index("resume")
    said = [e for e in events if e["event"] == "bot" and e["text"] == "Hi, I'm Nina."]
    assert [e["data"]["custom"] for e in said] == [
        {"kind": "navigator", "name": "Nina", "lang": "en"}
    ]

    boss = Navigator("boss")
    transcript = boss.http.get(f"{WEB}/staff/conversations/{patient.session}", timeout=30).text
    assert "Nina, care navigator" in transcript and "Hi, I&#39;m Nina." in transcript
    audit = boss.http.get(f"{WEB}/staff/admin/audit", timeout=30).text
    for action in ("live.accepted", "live.message", "live.ended"):
        assert f"chat {chat_id}" in audit.split(action, 1)[1].split("</tr>", 1)[0]
    assert "Hi, I" not in audit  # what was said is in the conversation, not the audit log
    unanswered = boss.http.get(f"{WEB}/staff/unanswered/", timeout=30).text
    assert GIBBERISH not in unanswered  # it was asked of a person, who answered


def test_a_navigator_sees_only_waiting_chats_and_their_own(assistant: RunningAssistant) -> None:
    nina, omar, patient = Navigator("nina"), Navigator("omar"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    assert any(c["id"] == chat_id for c in omar.state()["waiting"])  # waiting: everyone sees it
    assert nina.post(f"/chats/{chat_id}/accept").url.endswith(f"/chats/{chat_id}")
    assert omar.http.get(f"{WEB}/staff/live/chats/{chat_id}", timeout=30).status_code == 404
    assert omar.http.get(f"{WEB}/staff/live/chats/{chat_id}/feed", timeout=30).status_code == 404
    assert omar.post(f"/chats/{chat_id}/messages", message="hello").status_code == 404
    assert omar.post(f"/chats/{chat_id}/end").status_code == 404
    late = omar.post(f"/chats/{chat_id}/accept")  # answered with the live page...
    assert late.url.endswith("/staff/live/") and "Another care navigator" in late.text
    assert all(c["id"] != chat_id for c in omar.state()["mine"])  # ...not with the chat
    nina.end(chat_id)
    nina.available(False)


def test_bad_input_gets_a_message_and_loses_nothing(assistant: RunningAssistant) -> None:
    nina, patient = Navigator("nina"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    wrong = requests.post(
        f"{WEB}/chat/live", json={"session": patient.session, "after": "x"}, timeout=30
    )
    assert wrong.status_code == 400 and "cursor" in wrong.json()["error"]
    assert nina.post(f"/chats/{chat_id}/accept").url.endswith(f"/chats/{chat_id}")
    empty = nina.post(f"/chats/{chat_id}/messages", message="   ")
    assert empty.status_code == 409 and empty.json()["error"] == "Type a message first."
    too_long = nina.post(f"/chats/{chat_id}/messages", message="x" * 1001)
    assert too_long.status_code == 409 and "1,000" in too_long.json()["error"]
    nina.end(chat_id)
    late = nina.post(f"/chats/{chat_id}/messages", message="one more thing")
    assert late.status_code == 409 and late.json()["error"] == "This chat has ended."
    nina.available(False)
    sent = [e for e in stored_events(assistant, patient.session) if e["event"] == "bot"]
    assert not [e for e in sent if e["text"] in ("one more thing", "x" * 1001)]


def test_a_patient_who_leaves_the_page_leaves_the_line(assistant: RunningAssistant) -> None:
    nina, patient = Navigator("nina"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    deadline = time.monotonic() + 30
    while any(c["id"] == chat_id for c in nina.state()["waiting"]):  # the widget is gone
        assert time.monotonic() < deadline, "a patient who left is still in line"
        time.sleep(1)
    assert patient.follow()["status"] == "left"
    assert nina.post(f"/chats/{chat_id}/accept").url.endswith("/staff/live/")
    nina.available(False)


def test_a_chat_whose_navigator_left_goes_back_to_the_assistant(
    assistant: RunningAssistant,
) -> None:
    nina, patient = Navigator("nina"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    assert nina.post(f"/chats/{chat_id}/accept").url.endswith(f"/chats/{chat_id}")
    assert patient.follow()["status"] == "active"
    time.sleep(PROFILE["live_navigator_seen_seconds"] + 2)  # Nina closed her browser
    news = patient.follow()
    assert news["status"] == "ended"
    assert [m["text"] for m in news["messages"] if m["custom"].get("live") == "ended"] == [
        "Nina had to leave the chat. You're talking with the automated assistant again: "
        "ask me anything about dystonia, or ask for a person at any time."
    ]
    answer = patient.say("how is dystonia treated")["messages"]
    assert answer[-1]["custom"]["kind"] == "answer"


def test_while_live_a_typed_payload_is_refused(assistant: RunningAssistant) -> None:
    nina, patient = Navigator("nina"), Patient()
    nina.available(True)
    chat_id = waiting_chat(nina, patient)
    assert nina.post(f"/chats/{chat_id}/accept").url.endswith(f"/chats/{chat_id}")
    body = {"session": patient.session, "message": "/restart"}
    refused = requests.post(f"{WEB}/chat/message", json=body, timeout=30)
    assert refused.status_code == 400
    assert refused.json()["messages"][0]["text"] == "Please write your message in words."
    assert patient.follow()["status"] == "active"  # still with Nina, still paused
    assert patient.say("are you still there?") == {"messages": [], "live": "active"}
    nina.end(chat_id)
    nina.available(False)
