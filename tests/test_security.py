"""The privacy officer's checks, over real HTTP against the stack as `make run` starts it
(waitress, Rasa, the action server), behind a trusted proxy as a hospital runs it.

Every item of docs/SECURITY.md that can be shown from outside is shown here: headers,
session revocation, lockout under a parallel burst, per-patient limits behind the
proxy, size and depth limits, redaction of what patients type, formula cells, file
modes, PHI-free logs and a complete purge.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import sqlite3
import stat
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

from bot.redaction import session_ref
from tests.conftest import add_staff_user, assistant_on, store_events
from tools.assistant import RunningAssistant, child_pids, command_line

PROFILE = {
    "rasa_port": 5111,
    "action_port": 5161,
    "web_port": 8111,
    "web_proxies": 1,  # the test client plays the hospital's proxy on 127.0.0.1
    "chat_address_limit": 10,  # the default's 60, lowered to keep the test short
    "retention_days": 30,
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
ADMIN, NAV, PASSWORD = "sec-admin", "sec-nav", "quiet harbor lantern mosaic 42"
# What a patient types that must never be seen again outside the transcript page.
PHI = {
    "phone_parens": "(252)555-0171",
    "phone_slashes": "252/555/0172",
    "phone_prefixed": "1-252-555-0174",
    "email": "ZQ_ROE+chat@Example.ORG",
    "name": "Zelda Quixote",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    var = tmp_path_factory.mktemp("security")
    with assistant_on(var, PROFILE) as runner:
        add_staff_user(runner, ADMIN, PASSWORD, role="admin")
        add_staff_user(runner, NAV, PASSWORD)
        runner.var = var  # type: ignore[attr-defined]
        yield runner


def patient(address: str = "203.0.113.10") -> requests.Session:
    client = requests.Session()
    client.headers["X-Forwarded-For"] = address
    return client


def chat(client: requests.Session, session_id: str, text: str) -> requests.Response:
    return client.post(f"{WEB}/chat/message", json={"session": session_id, "message": text})


def new_session_id() -> str:
    return uuid.uuid4().hex + "ab"


def csrf(client: requests.Session, path: str) -> str:
    page = client.get(f"{WEB}{path}").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


_staff_addresses = itertools.count(1)


def log_in(username: str, password: str) -> requests.Session:
    """A staff member at a desk of their own (each login its own address: no throttle)."""
    client = patient(f"198.51.100.{next(_staff_addresses)}")
    token = csrf(client, "/staff/login")
    response = client.post(
        f"{WEB}/staff/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return client


# --- headers -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/staff/login"])
def test_every_page_has_a_strict_csp_and_no_inline_script(stack, path: str) -> None:  # type: ignore[no-untyped-def]
    response = requests.get(f"{WEB}{path}", timeout=30)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)  # every script is a file
    assert not re.search(r"<style|\sstyle=|\son\w+=", response.text)


def test_staff_pages_and_chat_answers_are_never_cached(stack) -> None:  # type: ignore[no-untyped-def]
    staff = log_in(NAV, PASSWORD)
    for response in (
        staff.get(f"{WEB}/staff/handoffs/"),
        staff.get(f"{WEB}/staff/api/handoffs"),
        requests.post(f"{WEB}/chat/history", timeout=30, json={"session": new_session_id()}),
    ):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"


# --- sessions and logins ---------------------------------------------------------------


def test_a_cookie_copied_before_logout_is_dead_after_it(stack) -> None:  # type: ignore[no-untyped-def]
    staff = log_in(NAV, PASSWORD)
    copied = requests.Session()
    copied.cookies.update(staff.cookies)
    assert copied.get(f"{WEB}/staff/api/handoffs").status_code == 200
    token = csrf(staff, "/staff/handoffs/")
    staff.post(f"{WEB}/staff/logout", data={"csrf_token": token})
    assert copied.get(f"{WEB}/staff/api/handoffs").status_code == 401
    # signing in again on the same browser ends the session it had
    before = log_in(NAV, PASSWORD)
    kept = requests.Session()
    kept.cookies.update(before.cookies)
    again = before.post(
        f"{WEB}/staff/login",
        data={"csrf_token": csrf(before, "/staff/login"), "username": NAV, "password": PASSWORD},
        allow_redirects=False,
    )
    assert again.status_code == 302
    assert kept.get(f"{WEB}/staff/api/handoffs").status_code == 401
    assert before.get(f"{WEB}/staff/api/handoffs").status_code == 200


def issue_api_token(client: requests.Session, password: str) -> Dict[str, str]:
    """A bearer header with a new API token, issued on the account page."""
    page = client.post(
        f"{WEB}/staff/account/",
        data={
            "csrf_token": csrf(client, "/staff/account/"),
            "action": "token",
            "current": password,
        },
    )
    token = re.search(r'<code id="new-token">([^<]+)</code>', page.text)
    assert token, "no token shown"
    return {"Authorization": f"Bearer {token.group(1)}"}


def test_an_api_token_needs_the_password_a_session_alone_gets_none(stack) -> None:  # type: ignore[no-untyped-def]
    staff = log_in(NAV, PASSWORD)
    page = staff.post(
        f"{WEB}/staff/account/",
        data={"csrf_token": csrf(staff, "/staff/account/"), "action": "token", "current": "guess"},
    )
    assert "new-token" not in page.text and "not right" in page.text


def test_disabling_an_account_ends_its_sessions_and_its_token(stack) -> None:  # type: ignore[no-untyped-def]
    add_staff_user(stack, "sec-leaver", PASSWORD)
    leaver = log_in("sec-leaver", PASSWORD)
    bearer = issue_api_token(leaver, PASSWORD)
    assert requests.get(f"{WEB}/staff/api/handoffs", timeout=30, headers=bearer).status_code == 200
    admin = log_in(ADMIN, PASSWORD)
    users = admin.get(f"{WEB}/staff/admin/users").text
    user_id = re.search(
        r'/staff/admin/users/(\d+)"[^<]*<input[^>]*>\s*<button[^>]*>Disable sec-leaver', users
    )
    assert user_id, "no disable button for the account"
    admin.post(
        f"{WEB}/staff/admin/users/{user_id.group(1)}",
        data={"csrf_token": csrf(admin, "/staff/admin/users"), "action": "disable"},
    )
    assert leaver.get(f"{WEB}/staff/api/handoffs").status_code == 401
    assert requests.get(f"{WEB}/staff/api/handoffs", timeout=30, headers=bearer).status_code == 401
    assert _attempt("sec-leaver", PASSWORD, "192.0.2.250").status_code == 401


def test_a_password_change_ends_the_users_other_sessions(stack) -> None:  # type: ignore[no-untyped-def]
    add_staff_user(stack, "sec-changer", PASSWORD)
    laptop, phone = log_in("sec-changer", PASSWORD), log_in("sec-changer", PASSWORD)
    bearer = issue_api_token(phone, PASSWORD)
    new_password = "violet canyon ferry 7 kettle"
    laptop.post(
        f"{WEB}/staff/account/",
        data={
            "csrf_token": csrf(laptop, "/staff/account/"),
            "action": "password",
            "current": PASSWORD,
            "new": new_password,
        },
    )
    assert laptop.get(f"{WEB}/staff/api/handoffs").status_code == 200  # the one who changed it
    assert phone.get(f"{WEB}/staff/api/handoffs").status_code == 401
    assert requests.get(f"{WEB}/staff/api/handoffs", timeout=30, headers=bearer).status_code == 401
    log_in("sec-changer", new_password)


def test_weak_passwords_are_refused_with_a_reason(stack) -> None:  # type: ignore[no-untyped-def]
    admin = log_in(ADMIN, PASSWORD)
    for weak in (" " * 12, "password1234", "dystonia2026!"):
        page = admin.post(
            f"{WEB}/staff/admin/users",
            data={
                "csrf_token": csrf(admin, "/staff/admin/users"),
                "username": "sec-weak",
                "role": "navigator",
                "password": weak,
            },
        )
        assert "too easy to guess" in page.text or "at least 12" in page.text
    assert "sec-weak" not in admin.get(f"{WEB}/staff/admin/users").text


def _attempt(username: str, password: str, address: str) -> requests.Response:
    client = patient(address)
    token = csrf(client, "/staff/login")
    return client.post(
        f"{WEB}/staff/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
    )


def test_a_parallel_burst_of_guesses_locks_the_account(stack) -> None:  # type: ignore[no-untyped-def]
    add_staff_user(stack, "sec-target", PASSWORD)
    with ThreadPoolExecutor(16) as pool:
        answers = list(
            pool.map(
                lambda i: _attempt("sec-target", f"guess number {i}", f"192.0.2.{i + 1}"), range(16)
            )
        )
    assert all(a.status_code == 401 for a in answers)
    database = sqlite3.connect(stack.var / "letschat.db")  # type: ignore[attr-defined]
    [(locked_until,)] = database.execute(
        "SELECT locked_until FROM staff_users WHERE username = 'sec-target'"
    ).fetchall()
    assert locked_until is not None
    assert _attempt("sec-target", PASSWORD, "192.0.2.99").status_code == 401  # right, but locked


def _web_app_cpu_seconds(stack) -> float:  # type: ignore[no-untyped-def]
    """CPU time the web app has used: what a failed login costs, without the wall-clock
    noise of a shared machine (the work is what makes the time)."""
    [pid] = [p for p in child_pids(stack.process.pid) if "bot.web" in command_line(p)]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_every_failed_login_says_the_same_and_takes_as_long(stack) -> None:  # type: ignore[no-untyped-def]
    add_staff_user(stack, "sec-locked", PASSWORD)
    for i in range(5):
        _attempt("sec-locked", f"wrong {i}", f"192.0.2.{120 + i}")

    def batch(username: str, first_address: int) -> tuple:
        before = _web_app_cpu_seconds(stack)
        answers = [
            _attempt(username, "not the password", f"192.0.2.{first_address + i}") for i in range(8)
        ]
        return _web_app_cpu_seconds(stack) - before, answers

    unknown_cpu, unknown = batch("nobody-here", 140)
    locked_cpu, locked = batch("sec-locked", 150)
    wrong = [_attempt(NAV, "not the password", "192.0.2.160")]
    messages = {
        re.search(r'role="alert">([^<]+)<', a.text).group(1)  # type: ignore[union-attr]
        for a in unknown + locked + wrong
    }
    assert len(messages) == 1 and {a.status_code for a in unknown + locked + wrong} == {401}
    ratio = locked_cpu / unknown_cpu
    assert 0.5 < ratio < 2.0, f"locked/unknown login work {locked_cpu:.2f}/{unknown_cpu:.2f} s"


def test_logins_from_one_address_are_throttled(stack) -> None:  # type: ignore[no-untyped-def]
    codes = [_attempt("nobody-at-all", "x" * 12, "192.0.2.200").status_code for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429


# --- what patients type ---------------------------------------------------------------------


def _user_messages(stack, session_id: str) -> int:  # type: ignore[no-untyped-def]
    database = sqlite3.connect(stack.var / "tracker.db")
    [(count,)] = database.execute(
        "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (session_id,)
    ).fetchall()
    return int(count)


def test_the_export_redacts_what_patients_typed_and_defuses_formulas(stack) -> None:  # type: ignore[no-untyped-def]
    client = patient("203.0.113.30")
    session_id = new_session_id()
    typed = [
        f"my number is {PHI['phone_parens']}",
        f"or {PHI['phone_slashes']}",
        f"or {PHI['phone_prefixed']}",
        f"mail {PHI['email']}",
        f"my name is {PHI['name']}",
        '=HYPERLINK("http://evil.example","x")',
        "@SUM(1+1)",
    ]
    for text in typed:
        assert chat(client, session_id, text).status_code == 200
    deadline = time.monotonic() + 60  # Rasa stores a turn even when the web app gave up
    while _user_messages(stack, session_id) < len(typed) and time.monotonic() < deadline:
        time.sleep(0.5)
    admin = log_in(ADMIN, PASSWORD)
    exported = admin.get(f"{WEB}/staff/admin/export/conversations.csv").text
    for secret in ("555-0171", "555/0172", "555-0174", "Example.ORG", "ZQ_ROE", "Zelda", "Quixote"):
        assert secret not in exported, secret
    assert session_id not in exported  # the id would open the conversation's history
    rows = [
        row
        for row in csv.reader(io.StringIO(exported))
        if row and row[0] == session_ref(session_id)
    ]
    said = [row[3] for row in rows if row[2] == "patient"]
    assert len(said) == len(typed), said
    assert not any(cell.startswith(("=", "@", "+", "-")) for row in rows for cell in row)
    assert '\'=HYPERLINK("http://evil.example","x")' in said and "'@SUM(1+1)" in said


# --- files and logs -------------------------------------------------------------------------


def test_databases_configs_and_logs_are_private(stack) -> None:  # type: ignore[no-untyped-def]
    var: Path = stack.var  # type: ignore[attr-defined]
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    paths = [p for p in var.rglob("*") if p.is_file()]
    names = {p.name for p in paths}
    assert {"letschat.db", "tracker.db", "endpoints.yml", "web.log", "actions.log"} <= names
    loose = [str(p) for p in paths if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []


def test_phi_pushed_through_every_error_path_stays_out_of_the_logs(stack) -> None:  # type: ignore[no-untyped-def]
    var: Path = stack.var  # type: ignore[attr-defined]
    database = sqlite3.connect(var / "letschat.db")
    database.execute(  # storing a handoff request now fails, as a full disk would
        "CREATE TRIGGER refuse_requests BEFORE INSERT ON handoff_requests "
        "BEGIN SELECT RAISE(ABORT, 'storage refused'); END"
    )
    database.commit()
    try:
        client, session_id = patient("203.0.113.40"), new_session_id()
        chat(client, session_id, f"I'm {PHI['name']}, my daughter has spasms")
        # The form goes straight to Rasa: its replies must not race the web app's timeout.
        for text in (
            "can someone call me?",
            PHI["name"],
            PHI["phone_prefixed"],
            "mornings",
            f"my dystonia, reach me at {PHI['email']}",
            "yes",
            "yes",
        ):
            stack.send(session_id, text)
        # the web app's own error paths: a malformed body, a conversation nobody has
        client.post(
            f"{WEB}/chat/feedback",
            json={"session": session_id, "answer_id": "0" * 16, "rating": "up"},
        )
    finally:
        database.execute("DROP TRIGGER refuse_requests")
        database.commit()
    time.sleep(1)  # the launcher writes what the servers print
    logs = "\n".join(p.read_text(errors="replace") for p in (var / "logs").glob("*.log*"))
    assert "storage refused" in logs  # the failure itself is logged
    secrets = (
        session_id,
        "Zelda",
        "2525550174",
        "252-555-0174",
        "ZQ_ROE",
        "Example.ORG",
        "daughter",
    )
    for secret in secrets:
        assert secret not in logs, secret


# --- retention -------------------------------------------------------------------------------


def test_the_purge_removes_every_copy_of_old_patient_text(stack) -> None:  # type: ignore[no-untyped-def]
    var: Path = stack.var  # type: ignore[attr-defined]
    said = "my daughter Yolanda Xiomara has spasms, call 252-555-0188"
    sender = new_session_id()
    old = (datetime.now(timezone.utc) - timedelta(days=400)).timestamp()
    store_events(
        f"sqlite:///{var / 'tracker.db'}",
        sender,
        [{"event": "user", "text": said, "parse_data": {"intent": {"name": "nlu_fallback"}}}],
        old,
    )
    admin = log_in(ADMIN, PASSWORD)
    tagged = admin.post(
        f"{WEB}/staff/unanswered/tag",
        data={
            "csrf_token": csrf(admin, "/staff/unanswered/"),
            "text": said,
            "intent": "ask_causes",
        },
    )
    assert tagged.status_code in (200, 302)
    app_db = sqlite3.connect(var / "letschat.db")
    long_ago = (datetime.now(timezone.utc) - timedelta(days=400)).strftime("%Y-%m-%d %H:%M:%S.%f")
    app_db.execute("UPDATE nlu_tags SET tagged_at = ?", (long_ago,))
    app_db.execute("UPDATE audit_entries SET at = ? WHERE action = 'nlu.tagged'", (long_ago,))
    app_db.commit()
    old_log = var / "logs" / "web.log.2025-01-01"
    old_log.write_text(f"an old line about {said}\n")
    os.utime(old_log, (old, old))

    admin.post(
        f"{WEB}/staff/admin/retention",
        data={"csrf_token": csrf(admin, "/staff/admin/retention"), "days": "30"},
    )
    assert not old_log.exists()
    for path in (var / "letschat.db", var / "tracker.db"):
        database = sqlite3.connect(path)
        tables = [
            t for (t,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            rows = json.dumps(database.execute(f'SELECT * FROM "{table}"').fetchall())  # noqa: S608
            assert "Yolanda" not in rows and "555-0188" not in rows, (path.name, table)
    audit = admin.get(f"{WEB}/staff/admin/audit").text
    assert "nlu.tagged" in audit and "removed by retention" in audit


def _listening(port: int) -> List[str]:
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.append(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_and_socketio_is_off(stack) -> None:  # type: ignore[no-untyped-def]
    for port in (PROFILE["rasa_port"], PROFILE["action_port"]):
        assert _listening(port) and all(a in ("0100007F",) for a in _listening(port)), port
    assert (
        requests.get(f"http://127.0.0.1:{PROFILE['rasa_port']}/socket.io/", timeout=30).status_code
        == 404
    )


# --- request limits ---------------------------------------------------------------------


def test_each_patient_behind_the_proxy_has_their_own_limit(stack) -> None:  # type: ignore[no-untyped-def]
    limit = PROFILE["chat_address_limit"]
    codes = [
        chat(patient(f"203.0.113.{100 + i}"), new_session_id(), "hello").status_code
        for i in range(limit + 5)
    ]
    assert codes == [200] * (limit + 5)  # more patients than one address may send
    one = patient("203.0.113.250")
    codes = [chat(one, new_session_id(), "hello").status_code for _ in range(limit + 1)]
    assert codes[:limit] == [200] * limit and codes[limit] == 429
    assert "wait a minute" in chat(one, new_session_id(), "hi").json()["messages"][0]["text"]


def test_an_oversized_body_gets_413_and_deep_json_400(stack) -> None:  # type: ignore[no-untyped-def]
    big = {"session": new_session_id(), "message": "x" * 2_000_000}
    response = patient("203.0.113.251").post(f"{WEB}/chat/message", json=big)
    assert response.status_code == 413 and response.text
    deep = f'{{"session": "{new_session_id()}", "message": {"[" * 50000 + "]" * 50000}}}'
    response = patient("203.0.113.252").post(
        f"{WEB}/chat/message", data=deep, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 413) and response.text
    nested = f'{{"session": "{new_session_id()}", "message": {"[" * 500 + "]" * 500}}}'
    response = patient("203.0.113.253").post(
        f"{WEB}/chat/message", data=nested, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "nests too deeply" in response.json()["error"]
