"""The widget's chat endpoint: input checks, rate limits, and never an empty reply."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, List

import pytest
from flask.testing import FlaskClient

from bot.settings import Settings
from bot.web import create_app
from bot.web.outages import NO_REPLY, NOT_KEPT
from tests.conftest import store_events

SESSION = "widget-session-0001-abcdefgh"


@pytest.fixture
def chat_settings(tmp_path: Path) -> Settings:
    return Settings(
        var_dir=tmp_path / "var",
        rasa_port=5999,
        hospital_phone="252-555-0100",
        chat_session_limit=3,
        chat_address_limit=5,
    )


@pytest.fixture
def client(chat_settings: Settings) -> FlaskClient:
    app = create_app(chat_settings)
    return app.test_client()


def fake_rasa(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, keeps: bool
) -> List[Dict[str, Any]]:
    """Rasa's REST reply, with the patient's message stored in the tracker store as Rasa
    stores it (``keeps``) or lost (a store that went away while Rasa answered)."""
    sent: List[Dict[str, Any]] = []

    def fake(sender: str, message: str, asked_at: float = 0.0) -> List[Dict[str, Any]]:
        sent.append({"sender": sender, "message": message})
        if keeps:
            user = {"event": "user", "text": message.strip()}
            store_events(f"sqlite:///{settings.tracker_db_path}", sender, [user], time.time())
        return [
            {"recipient_id": sender, "text": "From the page."},
            {"recipient_id": sender, "custom": {"kind": "answer", "section": "causes"}},
        ]

    monkeypatch.setattr("bot.web.chat.ask_rasa", fake)
    return sent


@pytest.fixture
def rasa_says(monkeypatch: pytest.MonkeyPatch, chat_settings: Settings) -> List[Dict[str, Any]]:
    return fake_rasa(monkeypatch, chat_settings, keeps=True)


def post(client: FlaskClient, body: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    return client.post("/chat/message", json=body, **kwargs)


def test_a_message_is_forwarded_and_the_reply_returned(
    client: FlaskClient, rasa_says: List[Dict[str, Any]]
) -> None:
    response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
    assert response.status_code == 200
    [turn] = response.get_json()["messages"]  # the text and its custom object: one turn
    assert turn["text"] == "From the page." and turn["custom"]["section"] == "causes"
    assert rasa_says == [{"sender": SESSION, "message": "what causes dystonia?"}]


@pytest.mark.parametrize(
    "body",
    [
        None,
        "just text",
        ["a list"],
        {"session": SESSION},
        {"session": SESSION, "message": 7},
        {"session": "x", "message": "hi"},
        {"session": "short-but-valid1", "message": "hi"},  # guessable: refused
        {"session": "<script>", "message": "hi"},
        {"message": "hi"},
    ],
)
def test_broken_or_wrong_input_is_a_400_with_a_message(client: FlaskClient, body: Any) -> None:
    response = post(client, body)
    assert response.status_code == 400 and response.get_json()["error"]


def test_broken_json_is_a_400_not_a_500(client: FlaskClient) -> None:
    response = client.post(
        "/chat/message", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "JSON" in response.get_json()["error"]


def test_whitespace_sends_nothing(client: FlaskClient, rasa_says: List[Dict[str, Any]]) -> None:
    response = post(client, {"session": SESSION, "message": "   \n "})
    assert response.status_code == 200 and response.get_json() == {"messages": []}
    assert rasa_says == []


def test_a_too_long_message_gets_a_clear_reply(
    client: FlaskClient, rasa_says: List[Dict[str, Any]]
) -> None:
    response = post(client, {"session": SESSION, "message": "x" * 1001})
    assert response.status_code == 400
    assert "under 1,000 characters" in response.get_json()["messages"][0]["text"]
    assert rasa_says == []


def test_opening_the_chat_asks_rasa_for_the_opening_turn(
    client: FlaskClient, rasa_says: List[Dict[str, Any]]
) -> None:
    response = client.post("/chat/open", json={"session": SESSION})
    assert response.status_code == 200 and response.get_json()["messages"]
    assert rasa_says == [{"sender": SESSION, "message": "/open_chat"}]
    assert client.post("/chat/open", json={"session": "nope"}).status_code == 400
    # a Spanish page's widget opens the conversation in Spanish; anything else is ignored
    client.post("/chat/open", json={"session": SESSION, "lang": "es"})
    client.post("/chat/open", json={"session": SESSION, "lang": '"}{'})
    assert rasa_says[1:] == [
        {"sender": SESSION, "message": '/open_chat{"lang": "es"}'},
        {"sender": SESSION, "message": "/open_chat"},
    ]


def test_the_rate_limit_per_session_and_per_address(
    client: FlaskClient, rasa_says: List[Dict[str, Any]]
) -> None:
    codes = [post(client, {"session": SESSION, "message": "hi"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = post(client, {"session": SESSION, "message": "hi"}).get_json()
    assert "wait a minute" in limited["messages"][0]["text"]
    other = [
        post(client, {"session": "widget-session-0002-abcdefgh", "message": "hi"}).status_code
        for _ in range(3)
    ]
    assert other == [200, 200, 429]  # the address has used its 5
    assert len(rasa_says) == 5


def test_a_reply_whose_turn_was_not_kept_is_not_shown(
    client: FlaskClient,
    chat_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Rasa answered but its tracker store lost the turn: the patient is not shown an
    answer staff will never see; the outage is logged once, and its end once."""
    monkeypatch.setattr(NOT_KEPT, "failing", False)  # whatever an earlier test left
    fake_rasa(monkeypatch, chat_settings, keeps=False)
    for _ in range(3):
        response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
        assert response.status_code == 503
        [turn] = response.get_json()["messages"]
        assert turn["custom"]["kind"] == "fallback" and "252-555-0100" in turn["text"]
        assert "From the page." not in turn["text"]
    lost = [r for r in caplog.records if "not kept in the tracker store" in r.getMessage()]
    assert len(lost) == 1
    assert SESSION not in lost[0].getMessage()  # a one-way reference, not the key
    fake_rasa(monkeypatch, chat_settings, keeps=True)
    again = "widget-session-0002-abcdefgh"  # the first one has used its 3 a minute
    response = post(client, {"session": again, "message": "  what causes dystonia?  "})
    assert response.status_code == 200
    assert response.get_json()["messages"][0]["text"] == "From the page."
    assert [r for r in caplog.records if "keeps conversations again" in r.getMessage()]


def test_no_rasa_means_a_helpful_reply_with_the_phone_line(
    client: FlaskClient,
    chat_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(NO_REPLY, "failing", False)  # whatever an earlier test left
    for _ in range(3):  # nothing listens on the settings' Rasa port
        response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
        message = response.get_json()["messages"][0]
        assert response.status_code == 200
        assert message["custom"] == {"kind": "fallback", "lang": "en"}
        assert "252-555-0100" in message["text"]
    # One error line for the outage, naming the failure, not one per patient message.
    (down,) = [r for r in caplog.records if "empty reply" in r.getMessage()]
    assert "ConnectionError" in down.getMessage() and SESSION not in down.getMessage()
    fake_rasa(monkeypatch, chat_settings, keeps=True)
    post(client, {"session": "widget-session-0003-abcdefgh", "message": "hello"})
    assert [r for r in caplog.records if "Rasa replies again" in r.getMessage()]


def test_the_web_apps_own_replies_are_in_the_patients_language(client: FlaskClient) -> None:
    """Nothing listens on Rasa's port: the phone line in the language of the message, or
    of the widget when the message has none of its own."""
    spanish = post(client, {"session": SESSION, "message": "¿qué causa la distonía?"})
    [turn] = spanish.get_json()["messages"]
    assert turn["custom"] == {"kind": "fallback", "lang": "es"}
    assert "llame al 911" in turn["text"] and "252-555-0100" in turn["text"]
    widget = post(client, {"session": SESSION, "message": "ok", "lang": "es"})
    assert widget.get_json()["messages"][0]["custom"]["lang"] == "es"
    english = post(client, {"session": SESSION, "message": "ok", "lang": "fr"})
    assert english.get_json()["messages"][0]["custom"]["lang"] == "en"


def test_deep_json_is_refused_with_a_message_not_a_crash(client: FlaskClient) -> None:
    deep = '{"session": "' + SESSION + '", "message": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post("/chat/message", data=deep, content_type="application/json")
    assert response.status_code == 400 and "nests too deeply" in response.get_json()["error"]


def test_json_depth_counts_nesting_but_not_brackets_inside_strings() -> None:
    from bot.web.limits import json_depth

    assert json_depth(b'{"a": [1, {"b": 2}]}') == 3
    assert json_depth(b'{"message": "[[[[[[[[[[ \\" {{{{"}') == 1


def lost_then_answering(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    stored_by_the_lost_server: bool,
    lost_after: float = 0.0,
) -> List[str]:
    """Rasa's first call dies with its server after ``lost_after`` seconds (having stored
    the message, or not); the next call, on a live server, answers and stores it."""
    from bot.web import rasa_client

    calls: List[str] = []

    def post(url: str, sender: str, message: str) -> List[Dict[str, Any]]:
        calls.append(message)
        user = [{"event": "user", "text": message.strip()}]
        if len(calls) == 1:
            time.sleep(lost_after)
            if stored_by_the_lost_server:
                store_events(f"sqlite:///{settings.tracker_db_path}", sender, user, time.time())
            raise rasa_client.ServerLost("HTTP 502")
        store_events(f"sqlite:///{settings.tracker_db_path}", sender, user, time.time())
        return [{"recipient_id": sender, "text": "From the page.", "custom": {"kind": "answer"}}]

    monkeypatch.setattr("bot.web.rasa_client.post", post)
    return calls


def test_a_turn_lost_with_its_server_before_it_was_stored_is_asked_again(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, chat_settings: Settings
) -> None:
    calls = lost_then_answering(monkeypatch, chat_settings, stored_by_the_lost_server=False)
    response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
    assert response.status_code == 200 and calls == ["what causes dystonia?"] * 2
    assert response.get_json()["messages"][0]["text"] == "From the page."


def test_a_turn_the_lost_server_had_stored_is_not_sent_twice(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, chat_settings: Settings
) -> None:
    calls = lost_then_answering(monkeypatch, chat_settings, stored_by_the_lost_server=True)
    response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
    assert calls == ["what causes dystonia?"]  # a second call would store it twice
    assert "try again" in response.get_json()["messages"][0]["text"]


def test_a_late_turn_lost_with_its_server_is_asked_again_for_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The patient was told the answer will follow; the server then dies: the turn is
    sent again (it was not stored), and its answer lands where the widget looks."""
    settings = Settings(var_dir=tmp_path / "var", rasa_port=5999, rasa_reply_seconds=0.5)
    client = create_app(settings).test_client()
    calls = lost_then_answering(
        monkeypatch, settings, stored_by_the_lost_server=False, lost_after=1.0
    )
    response = post(client, {"session": SESSION, "message": "what causes dystonia?"})
    assert response.get_json()["pending"] is True
    deadline = time.monotonic() + 10
    while len(calls) < 2:
        assert time.monotonic() < deadline, "the late turn was not sent again"
        time.sleep(0.1)
    shown: list = []
    while not shown:  # the second call stores the message a moment after it is made
        assert time.monotonic() < deadline, "the late turn's message never reached the history"
        shown = client.post("/chat/history", json={"session": SESSION}).get_json()["messages"]
        time.sleep(0.1)
    time.sleep(0.5)  # room for a wrong second copy to arrive
    history = client.post("/chat/history", json={"session": SESSION}).get_json()
    assert [t["text"] for t in history["messages"]] == ["what causes dystonia?"]  # once
