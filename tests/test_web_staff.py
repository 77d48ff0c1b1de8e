"""The staff console's first pages: accounts, login, lockout, CSRF, conversations, audit."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select

from bot.conversations import events
from bot.db import session_scope
from bot.settings import Settings
from bot.staff.__main__ import main as staff_cli
from bot.staff.accounts import create_user
from bot.staff.models import AuditEntry
from bot.web import create_app
from tests.conftest import store_events

PASSWORD = "correct horse battery"
MARKUP = "<img src=x onerror=alert(1)>"


def add_conversation(tracker_url: str, sender: str) -> None:
    user = {
        "event": "user",
        "text": MARKUP,
        "parse_data": {
            "intent": {"name": "out_of_scope", "confidence": 0.91},
            "entities": [{"entity": "treatment", "value": "botox"}],
        },
    }
    bot = {"event": "bot", "text": "Sorry, I can't answer that.", "data": {}}
    custom = {"event": "bot", "text": None, "data": {"custom": {"kind": "fallback"}}}
    store_events(tracker_url, sender, [user, bot, custom], 1700000000)


@pytest.fixture
def client(web_settings: Settings) -> FlaskClient:
    app = create_app(web_settings)
    with session_scope(web_settings.resolved_database_url) as db:
        create_user(db, "nina", "navigator", PASSWORD)
        create_user(db, "ada", "admin", PASSWORD)
    add_conversation(f"sqlite:///{web_settings.tracker_db_path}", "patient-42")
    return app.test_client()


def csrf(client: FlaskClient, path: str = "/staff/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client: FlaskClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf_token": csrf(client)},
    )


@pytest.mark.parametrize(
    "path", ["/staff/", "/staff/conversations/", "/staff/conversations/patient-42"]
)
def test_staff_pages_need_a_login(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_login_opens_the_console_with_safe_cookie_flags(client: FlaskClient) -> None:
    response = log_in(client, "nina")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "patient-42" in client.get("/staff/conversations/").get_data(as_text=True)


def test_a_wrong_password_is_refused(client: FlaskClient) -> None:
    response = log_in(client, "nina", "not the password")
    assert response.status_code == 401
    assert "did not work" in response.get_data(as_text=True)
    assert client.get("/staff/conversations/").status_code == 302


def test_a_login_without_the_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/staff/login", data={"username": "nina", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/conversations/").status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(client: FlaskClient) -> None:
    for _ in range(5):
        log_in(client, "nina", "guess guess guess")
    response = log_in(client, "nina")
    assert response.status_code == 401 and "did not work" in response.get_data(as_text=True)


def test_the_transcript_shows_intents_and_kinds_and_never_renders_markup(
    client: FlaskClient, web_settings: Settings
) -> None:
    log_in(client, "nina")
    page = client.get("/staff/conversations/patient-42").get_data(as_text=True)
    assert "out_of_scope (0.91)" in page and "treatment: botox" in page and "fallback" in page
    assert MARKUP not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    with session_scope(web_settings.resolved_database_url) as db:
        entries = [(e.action, e.target) for e in db.execute(select(AuditEntry)).scalars()]
    assert ("conversation.viewed", "patient-42") in entries


def test_logout_needs_csrf_and_ends_the_session(client: FlaskClient) -> None:
    log_in(client, "nina")
    assert client.post("/staff/logout").status_code == 400
    token = csrf(client, "/staff/conversations/")
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/conversations/").status_code == 302


def test_add_user_from_the_command_line(
    web_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LETSCHAT_DATABASE_URL", web_settings.resolved_database_url)
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert staff_cli(["add-user", "sam", "--role", "admin", "--password-stdin"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert staff_cli(["add-user", "sam", "--role", "admin", "--password-stdin"]) == 1
        assert "already a user" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
        assert staff_cli(["add-user", "kim", "--role", "navigator", "--password-stdin"]) == 1
        assert "at least 12" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def store_request(settings: Settings) -> str:
    from bot.handoff.contact import PHONE, Contact
    from bot.handoff.store import HandoffDetails, create_request

    details = HandoffDetails(
        "patient-42",
        "Jane Doe",
        Contact(PHONE, "+12525550123"),
        "mornings",
        "Find a specialist",
        ["causes"],
        True,
    )
    with session_scope(settings.resolved_database_url) as db:
        return create_request(db, details, "key-1").reference


def test_a_navigator_works_a_request_from_new_to_done(
    client: FlaskClient, web_settings: Settings
) -> None:
    reference = store_request(web_settings)
    assert client.get("/staff/handoffs/").status_code == 302
    log_in(client, "nina")
    queue = client.get("/staff/handoffs/").get_data(as_text=True)
    assert reference in queue and "(252) 555-0123" not in queue  # contact only on its page
    page = client.get(f"/staff/handoffs/{reference}").get_data(as_text=True)
    assert "(252) 555-0123" in page and "/staff/conversations/patient-42" in page
    token = csrf(client, f"/staff/handoffs/{reference}")
    assert client.post(f"/staff/handoffs/{reference}", data={"action": "assign"}).status_code == 400
    client.post(f"/staff/handoffs/{reference}", data={"action": "assign", "csrf_token": token})
    assert 'id="status">in progress' in client.get(f"/staff/handoffs/{reference}").get_data(
        as_text=True
    )
    client.post(
        f"/staff/handoffs/{reference}",
        data={"action": "note", "note": "<b>called</b>, voicemail", "csrf_token": token},
    )
    client.post(
        f"/staff/handoffs/{reference}",
        data={"action": "status", "status": "done", "csrf_token": token},
    )
    page = client.get(f"/staff/handoffs/{reference}").get_data(as_text=True)
    assert 'id="status">done' in page and "&lt;b&gt;called&lt;/b&gt;, voicemail" in page
    with session_scope(web_settings.resolved_database_url) as db:
        actions = [e.action for e in db.execute(select(AuditEntry)).scalars()]
    assert {"handoff.contact_viewed", "handoff.assign", "handoff.note", "handoff.status"} <= set(
        actions
    )


def test_an_unknown_status_is_refused_with_a_message(
    client: FlaskClient, web_settings: Settings
) -> None:
    reference = store_request(web_settings)
    log_in(client, "nina")
    token = csrf(client, f"/staff/handoffs/{reference}")
    response = client.post(
        f"/staff/handoffs/{reference}",
        follow_redirects=True,
        data={"action": "status", "status": "lost", "csrf_token": token},
    )
    assert "status must be one of" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("", True),
        ("?flag=fallback", True),
        ("?flag=handoff", False),
        ("?q=ONERROR", True),
        ("?q=botox", False),
        ("?from=2023-11-14&to=2023-11-14", True),
        ("?from=2023-11-15", False),
        ("?from=not-a-date", True),
    ],
)
def test_conversation_filters(client: FlaskClient, query: str, listed: bool) -> None:
    log_in(client, "nina")
    page = client.get(f"/staff/conversations/{query}").get_data(as_text=True)
    assert ("patient-42" in page) is listed
    if listed:
        assert "<td>fallback</td>" in page and "<td>1</td>" in page


def issue_token(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> str:
    monkeypatch.setenv("LETSCHAT_DATABASE_URL", settings.resolved_database_url)
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert staff_cli(["api-token", name]) == 0
    finally:
        get_settings.cache_clear()
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    "path",
    ["/staff/api/conversations", "/staff/api/conversations/patient-42", "/staff/api/handoffs"],
)
def test_the_api_answers_401_without_a_login_or_token(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_the_api_with_a_per_user_token(
    client: FlaskClient,
    web_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reference = store_request(web_settings)
    token = issue_token(web_settings, monkeypatch, capsys, "nina")
    auth = {"Authorization": f"Bearer {token}"}
    listed = client.get("/staff/api/conversations?flag=fallback", headers=auth).get_json()
    assert [c["sender_id"] for c in listed] == ["patient-42"] and listed[0]["turns"] == 1
    one = client.get("/staff/api/conversations/patient-42", headers=auth).get_json()
    assert one["turns"][0]["text"] == MARKUP and one["turns"][0]["intent"] == "out_of_scope"
    handoffs = client.get("/staff/api/handoffs", headers=auth).get_json()
    assert [h["reference"] for h in handoffs] == [reference]
    # a new token replaces the old one
    issue_token(web_settings, monkeypatch, capsys, "nina")
    assert client.get("/staff/api/handoffs", headers=auth).status_code == 401


def test_the_api_also_works_with_the_page_login(client: FlaskClient) -> None:
    log_in(client, "ada")
    assert client.get("/staff/api/conversations").status_code == 200


def test_purge_deletes_old_conversations_and_closed_requests_and_records_it(
    client: FlaskClient,
    web_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import datetime, timedelta, timezone

    from bot.handoff.queue import get_request, set_status

    done_ref, open_ref = store_request(web_settings), None
    with session_scope(web_settings.resolved_database_url) as db:
        from bot.handoff.contact import PHONE, Contact
        from bot.handoff.store import HandoffDetails, create_request

        open_ref = create_request(
            db,
            HandoffDetails(
                "patient-9", "Kim", Contact(PHONE, "+12525550188"), "any", "appointment", [], True
            ),
            "key-2",
        ).reference
        closed = get_request(db, done_ref)
        set_status(closed, "done")
        for ref in (done_ref, open_ref):
            item = get_request(db, ref)
            item.updated_at = datetime.now(timezone.utc) - timedelta(days=400)
    add_conversation(f"sqlite:///{web_settings.tracker_db_path}", "patient-new")
    engine = create_engine(f"sqlite:///{web_settings.tracker_db_path}")
    with engine.begin() as connection:  # patient-new happened today
        connection.execute(
            events.update()
            .where(events.c.sender_id == "patient-new")
            .values(timestamp=datetime.now(timezone.utc).timestamp())
        )
    engine.dispose()
    monkeypatch.setenv("LETSCHAT_VAR_DIR", str(web_settings.var_dir))
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert staff_cli(["purge", "--older-than", "0"]) == 1
        assert staff_cli(["purge", "--older-than", "30"]) == 0
    finally:
        get_settings.cache_clear()
    assert "purged 1 conversations and 1 closed handoff requests" in capsys.readouterr().out
    log_in(client, "ada")
    listing = client.get("/staff/conversations/").get_data(as_text=True)
    assert "patient-42" not in listing and "patient-new" in listing
    with session_scope(web_settings.resolved_database_url) as db:
        assert get_request(db, done_ref) is None and get_request(db, open_ref) is not None
        assert "retention.purged" in [e.action for e in db.execute(select(AuditEntry)).scalars()]


def test_unanswered_questions_can_be_tagged_and_exported(client: FlaskClient) -> None:
    log_in(client, "nina")
    page = client.get("/staff/unanswered/").get_data(as_text=True)
    assert "1 × “&lt;img src=x onerror=alert(1)&gt;”" in page
    token = csrf(client, "/staff/unanswered/")
    client.post(
        "/staff/unanswered/tag",
        data={"text": MARKUP, "intent": "out_of_scope", "csrf_token": token},
    )
    assert "tagged: out_of_scope" in client.get("/staff/unanswered/").get_data(as_text=True)
    exported = client.get("/staff/unanswered/export.yml")
    assert exported.headers["Content-Disposition"].endswith("nlu-tagged.yml")
    assert f"- intent: out_of_scope\n  examples: |\n    - {MARKUP}\n" in exported.get_data(
        as_text=True
    )


def test_analytics_shows_rates_and_charts(client: FlaskClient) -> None:
    log_in(client, "nina")
    page = client.get("/staff/analytics/").get_data(as_text=True)
    assert 'id="conversations">1<' in page and 'id="fallback-rate">100%<' in page
    assert 'id="handoff-rate">0%<' in page and page.count('.svg"') == 3
    chart = client.get("/staff/analytics/conversations.svg")
    assert chart.mimetype == "image/svg+xml" and b"Conversations per day" in chart.data
    assert client.get("/staff/analytics/nope.svg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/staff/admin/users",
        "/staff/admin/retention",
        "/staff/admin/audit",
        "/staff/admin/export/conversations.csv",
    ],
)
def test_admin_pages_are_for_admins_only(client: FlaskClient, path: str) -> None:
    log_in(client, "nina")
    assert client.get(path).status_code == 403


def test_admin_adds_an_account_and_reads_the_audit_log(client: FlaskClient) -> None:
    log_in(client, "ada")
    token = csrf(client, "/staff/admin/users")
    client.post(
        "/staff/admin/users",
        data={"username": "lee", "role": "navigator", "password": "short", "csrf_token": token},
    )
    assert "at least 12 characters" in client.get("/staff/admin/users").get_data(as_text=True)
    client.post(
        "/staff/admin/users",
        data={"username": "lee", "role": "navigator", "password": PASSWORD, "csrf_token": token},
    )
    assert "<td>lee</td>" in client.get("/staff/admin/users").get_data(as_text=True)
    audit = client.get("/staff/admin/audit").get_data(as_text=True)
    assert "user.created" in audit and "lee (navigator)" in audit and "<td>ada</td>" in audit


def test_the_export_redacts_names_phones_and_emails(
    client: FlaskClient, web_settings: Settings
) -> None:
    engine = create_engine(f"sqlite:///{web_settings.tracker_db_path}")
    said = "I'm Jane Doe, call 252-555-0142 or jane@example.com about what causes dystonia"
    with engine.begin() as connection:
        for i, event in enumerate(
            (
                {
                    "event": "user",
                    "text": said,
                    "parse_data": {"intent": {"name": "ask_causes", "confidence": 0.9}},
                },
                {"event": "slot", "name": "contact_name", "value": "Jane Doe"},
                {"event": "user", "text": "jane doe again", "parse_data": {}},
            )
        ):
            connection.execute(
                events.insert().values(
                    sender_id="patient-77",
                    type_name=event["event"],
                    timestamp=1700000100 + i,
                    data=json.dumps(event),
                )
            )
    engine.dispose()
    log_in(client, "ada")
    exported = client.get("/staff/admin/export/conversations.csv").get_data(as_text=True)
    assert "[redacted], call [redacted] or [redacted] about what causes dystonia" in exported
    assert "[redacted] again" in exported
    for secret in ("Jane", "jane", "555-0142", "example.com"):
        assert secret not in exported
    assert exported.splitlines()[0] == "conversation,time,who,text,intent,confidence,kind,section"


def test_admin_purges_from_the_retention_page(client: FlaskClient) -> None:
    log_in(client, "ada")
    token = csrf(client, "/staff/admin/retention")
    page = client.post(
        "/staff/admin/retention", data={"days": "0", "csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Nothing purged" in page
    page = client.post(
        "/staff/admin/retention", data={"days": "30", "csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Purged 1 conversations and 0 closed handoff requests older than 30 days" in page
    assert "patient-42" not in client.get("/staff/conversations/").get_data(as_text=True)


def test_hsts_only_over_https(web_settings: Settings) -> None:
    plain = create_app(web_settings).test_client()
    assert "Strict-Transport-Security" not in plain.get("/staff/login").headers
    secure = create_app(web_settings.copy(update={"web_https": True})).test_client()
    answer = secure.get("/staff/login", base_url="https://localhost")
    assert "max-age=31536000" in answer.headers["Strict-Transport-Security"]


def test_the_queue_page_and_api_lists_are_audited(
    client: FlaskClient, web_settings: Settings
) -> None:
    store_request(web_settings)
    log_in(client, "nina")
    assert client.get("/staff/handoffs/").status_code == 200
    assert client.get("/staff/api/conversations").status_code == 200
    assert client.get("/staff/api/handoffs").status_code == 200
    with session_scope(web_settings.resolved_database_url) as db:
        entries = [(e.action, e.target) for e in db.execute(select(AuditEntry)).scalars()]
    assert ("handoff.queue_viewed", "1 requests") in entries
    assert ("conversations.listed", "api:1 conversations") in entries
    assert ("handoff.contact_viewed", "api:1 requests") in entries
