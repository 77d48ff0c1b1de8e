"""The widget's history after a reload and its thumbs, down to the staff console.

Conversations are written into a tracker store the way Rasa stores them (one ``bot``
event per response, text and custom object together); live replies arrive the way
Rasa's REST channel sends them (texts split at blank lines, the custom object apart).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.chat_turns import reply_turns
from bot.db import session_scope
from bot.feedback import AnswerFeedback, record_feedback
from bot.settings import Settings
from bot.staff.accounts import create_user
from bot.staff.retention import purge_older_than
from bot.web import create_app
from tests.conftest import store_events
from tests.test_web_staff import PASSWORD, log_in

SESSION = "f" * 32
LEAD_IN = (
    "There are different types of dystonia. "
    "Each is identified by which part of your body is affected:"
)
BULLETS = (
    "• Hemidystonia affects a leg and arm on one side of your body.\n"
    "• Focal dystonia affects one particular area of your body."
)
ANSWER = {"kind": "answer", "section": "overview", "heading": "What is dystonia?"}
CONSENT_BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def user(text: str, intent: str) -> Dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 1.0}},
    }


def bot(
    text: str, custom: Dict[str, Any], buttons: List[Dict[str, str]] | None = None
) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"custom": custom, "buttons": buttons}}


STORED = [
    user("/open_chat", "open_chat"),
    bot("Hi, I'm the Let's chat assistant.", {"kind": "disclaimer"}),
    user("what are the types?", "ask_types"),
    bot(f"{LEAD_IN}\n\n{BULLETS}", ANSWER),
    bot("May I pass this on?", {"kind": "handoff"}, CONSENT_BUTTONS),
    user("/affirm", "affirm"),
]


def store(settings: Settings, sender: str, stored: List[Dict[str, Any]], at: float) -> None:
    store_events(f"sqlite:///{settings.tracker_db_path}", sender, stored, at)


@pytest.fixture
def client(web_settings: Settings) -> FlaskClient:
    app = create_app(web_settings)
    with session_scope(web_settings.resolved_database_url) as db:
        create_user(db, "nina", "navigator", PASSWORD)
    store(web_settings, SESSION, STORED, time.time() - 60)
    return app.test_client()


def history(client: FlaskClient, session: str = SESSION) -> List[Dict[str, Any]]:
    response = client.post("/chat/history", json={"session": session})
    assert response.status_code == 200
    return response.get_json()["messages"]


def answer_id(client: FlaskClient) -> str:
    [answer] = [m for m in history(client) if m.get("answer_id")]
    return answer["answer_id"]


def test_a_live_reply_and_its_stored_copy_are_the_same_answer(client: FlaskClient) -> None:
    live = reply_turns(
        [{"text": LEAD_IN}, {"text": BULLETS}, {"custom": ANSWER}]  # as the REST channel sends it
    )
    assert len(live) == 1 and live[0].text == f"{LEAD_IN}\n\n{BULLETS}"
    assert live[0].answer_id == answer_id(client)


def test_history_reads_back_what_the_patient_saw(client: FlaskClient) -> None:
    shown = history(client)
    assert [m["who"] for m in shown] == [
        "assistant",
        "patient",
        "assistant",
        "assistant",
        "patient",
    ]
    assert shown[0]["custom"]["kind"] == "disclaimer"  # the widget's "/open_chat" is not shown
    assert shown[2]["custom"]["section"] == "overview" and shown[2]["feedback"] is None
    assert shown[-1]["text"] == "Yes"  # the button clicked, not its payload "/affirm"


def test_history_is_empty_for_an_idle_or_unknown_conversation(
    client: FlaskClient, web_settings: Settings
) -> None:
    stale = "a" * 32
    store(web_settings, stale, STORED, time.time() - 2 * 3600)
    assert history(client, stale) == []
    assert history(client, "b" * 32) == []
    assert client.post("/chat/history", json={"session": "short"}).status_code == 400


def test_thumbs_are_stored_with_conversation_and_section_and_can_change(
    client: FlaskClient, web_settings: Settings
) -> None:
    rated = answer_id(client)
    for rating in ("up", "down"):
        response = client.post(
            "/chat/feedback", json={"session": SESSION, "answer_id": rated, "rating": rating}
        )
        assert response.status_code == 200
    with session_scope(web_settings.resolved_database_url) as db:
        [vote] = db.execute(select(AnswerFeedback)).scalars().all()
    assert (vote.sender_id, vote.section, vote.rating) == (SESSION, "overview", "down")
    assert [m["feedback"] for m in history(client) if m.get("answer_id")] == ["down"]


@pytest.mark.parametrize(
    "body, status",
    [
        ({"answer_id": "0" * 16, "rating": "up"}, 404),  # not an answer of this conversation
        ({"answer_id": "not-an-id", "rating": "up"}, 400),
        ({"rating": "up"}, 400),
        ({"answer_id": "0" * 16, "rating": "meh"}, 400),
    ],
)
def test_bad_feedback_is_refused_with_a_message(
    client: FlaskClient, body: Dict[str, Any], status: int
) -> None:
    response = client.post("/chat/feedback", json={"session": SESSION, **body})
    assert response.status_code == status and response.get_json()["error"]


def test_the_console_shows_the_rating_in_transcript_filter_and_analytics(
    client: FlaskClient, web_settings: Settings
) -> None:
    store(web_settings, "c" * 32, STORED[:4], time.time() - 30)  # answered, not rated
    client.post(
        "/chat/feedback",
        json={"session": SESSION, "answer_id": answer_id(client), "rating": "down"},
    )
    log_in(client, "nina")
    transcript = client.get(f"/staff/conversations/{SESSION}").get_data(as_text=True)
    assert "Patient rated it: not helpful (thumbs down)" in transcript
    assert "the widget opened the chat" in transcript
    rated_only = client.get("/staff/conversations/?flag=feedback").get_data(as_text=True)
    assert SESSION in rated_only and "c" * 32 not in rated_only
    everything = client.get("/staff/conversations/").get_data(as_text=True)
    assert "c" * 32 in everything
    analytics = client.get("/staff/analytics/").get_data(as_text=True)
    assert "<tr><td>overview</td><td>0</td><td>1</td></tr>" in analytics
    api = client.get(f"/staff/api/conversations/{SESSION}").get_json()
    assert [t["feedback"] for t in api["turns"] if t["kind"] == "answer"] == ["down"]


def test_purging_a_conversation_purges_its_ratings(web_settings: Settings) -> None:
    create_app(web_settings)  # migrates the app database
    old = time.time() - 400 * 86400
    store(web_settings, SESSION, STORED, old)
    with session_scope(web_settings.resolved_database_url) as db:
        record_feedback(db, SESSION, "0" * 16, "overview", "up")
    purged = purge_older_than(web_settings, 30, None)
    assert (purged.conversations, purged.feedback) == (1, 1)
    with session_scope(web_settings.resolved_database_url) as db:
        assert db.execute(select(AnswerFeedback)).scalars().all() == []


def test_a_vote_older_than_the_cutoff_goes_even_without_its_conversation(
    web_settings: Settings,
) -> None:
    create_app(web_settings)
    with session_scope(web_settings.resolved_database_url) as db:
        vote = record_feedback(db, "d" * 32, "1" * 16, "causes", "down")
        vote.updated_at = datetime.now(timezone.utc) - timedelta(days=400)
    assert purge_older_than(web_settings, 30, None).feedback == 1


def test_a_store_failure_is_a_clear_503_not_a_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session_id: str) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr("bot.web.chat._turns", broken)
    for path, extra in (("history", {}), ("feedback", {"answer_id": "0" * 16, "rating": "up"})):
        response = client.post(f"/chat/{path}", json={"session": SESSION, **extra})
        assert response.status_code == 503 and "try again" in response.get_json()["error"]


def test_every_conversation_flag_has_a_filter_label() -> None:
    from bot.conversations import FLAGS
    from bot.web.conversations import FEEDBACK_FLAG, FLAG_LABELS

    assert list(FLAG_LABELS) == [*FLAGS, FEEDBACK_FLAG]


def test_the_widget_server_and_rasa_forget_an_idle_conversation_alike(
    domain: Dict[str, Any],
) -> None:
    from bot.web import STATIC
    from bot.web.chat import SESSION_IDLE_MINUTES

    assert domain["session_config"]["session_expiration_time"] == SESSION_IDLE_MINUTES
    script = (STATIC / "letschat.js").read_text(encoding="utf-8")
    assert f"IDLE_MS = {SESSION_IDLE_MINUTES} * 60 * 1000" in script
