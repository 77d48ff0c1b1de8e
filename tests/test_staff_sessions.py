"""Console sessions end on the server, API tokens expire, the lockout counts atomically."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.settings import Settings
from bot.staff.accounts import (
    MAX_FAILED_LOGINS,
    AccountError,
    authenticate,
    check_password_strength,
    create_user,
    new_api_token,
    set_disabled,
    set_password,
    user_for_token,
)
from bot.staff.models import StaffUser
from bot.staff.sessions import Timeouts, end_session, open_session, user_for_session

PASSWORD = "quiet harbor lantern mosaic 42"
LIMITS = Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def db_url(settings: Settings) -> str:
    url = settings.resolved_database_url
    upgrade(url)
    with session_scope(url) as db:
        create_user(db, "nina", "navigator", PASSWORD)
    return url


def _user(db, name: str = "nina") -> StaffUser:  # type: ignore[no-untyped-def]
    return db.query(StaffUser).filter_by(username=name).one()


def test_a_session_lives_while_used_and_ends_when_idle_or_too_old(db_url: str) -> None:
    with session_scope(db_url) as db:
        token = open_session(db, _user(db), T0)
    for minutes in (20, 40, 60):  # used every 20 minutes: alive
        with session_scope(db_url) as db:
            assert user_for_session(db, token, T0 + timedelta(minutes=minutes), LIMITS)
    with session_scope(db_url) as db:  # 31 minutes after the last use: over
        assert user_for_session(db, token, T0 + timedelta(minutes=91), LIMITS) is None
    with session_scope(db_url) as db:
        busy = open_session(db, _user(db), T0)
    for minutes in range(20, 12 * 60, 20):  # used all shift long
        with session_scope(db_url) as db:
            assert user_for_session(db, busy, T0 + timedelta(minutes=minutes), LIMITS)
    with session_scope(db_url) as db:  # never idle, but a shift is 12 hours
        assert user_for_session(db, busy, T0 + timedelta(hours=12, minutes=5), LIMITS) is None


def test_logout_password_change_and_disabling_end_sessions(db_url: str) -> None:
    with session_scope(db_url) as db:
        user = _user(db)
        first, second, third = (open_session(db, user, T0) for _ in range(3))
        end_session(db, first, _reason("logout"), T0)
    with session_scope(db_url) as db:
        assert user_for_session(db, first, T0, LIMITS) is None
        assert user_for_session(db, second, T0, LIMITS) is not None
        assert set_password(db, _user(db), "new violet canyon ferry kettle", T0) == 2
    with session_scope(db_url) as db:
        assert user_for_session(db, second, T0, LIMITS) is None
        assert user_for_session(db, third, T0, LIMITS) is None
        fourth = open_session(db, _user(db), T0)
        set_disabled(db, _user(db), True, T0)
    with session_scope(db_url) as db:
        assert user_for_session(db, fourth, T0, LIMITS) is None
        assert authenticate(db, "nina", "new violet canyon ferry kettle", T0).user is None


def _reason(value: str):  # type: ignore[no-untyped-def]
    from bot.staff.models import SessionEnd

    return SessionEnd(value)


def test_a_new_password_ends_the_api_token_too(db_url: str) -> None:
    with session_scope(db_url) as db:
        token = new_api_token(_user(db), T0, timedelta(days=90))
        set_password(db, _user(db), "new violet canyon ferry kettle", T0)
    with session_scope(db_url) as db:
        assert user_for_token(db, token, T0) is None


def test_the_last_enabled_admin_cannot_be_disabled(db_url: str) -> None:
    with session_scope(db_url) as db:
        first = create_user(db, "ada", "admin", PASSWORD)
        second = create_user(db, "bo", "admin", PASSWORD)
        set_disabled(db, second, True, T0)
        with pytest.raises(AccountError, match="last enabled admin"):
            set_disabled(db, first, True, T0)


def test_api_tokens_expire_and_stop_with_a_disabled_account(db_url: str) -> None:
    with session_scope(db_url) as db:
        token = new_api_token(_user(db), T0, timedelta(days=90))
    with session_scope(db_url) as db:
        assert user_for_token(db, token, T0 + timedelta(days=89)) is not None
        assert user_for_token(db, token, T0 + timedelta(days=91)) is None
        set_disabled(db, _user(db), True, T0)
    with session_scope(db_url) as db:
        assert user_for_token(db, token, T0) is None
        with pytest.raises(AccountError):
            new_api_token(_user(db), T0, timedelta(days=1))


def test_the_lock_holds_for_its_time_then_the_count_starts_again(db_url: str) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with session_scope(db_url) as db:
            assert authenticate(db, "nina", "wrong", T0).user is None
    with session_scope(db_url) as db:  # the right password, but locked
        assert authenticate(db, "nina", PASSWORD, T0 + timedelta(minutes=14)).user is None
    with session_scope(db_url) as db:
        later = T0 + timedelta(minutes=16)
        assert authenticate(db, "nina", PASSWORD, later).user is not None
        assert _user(db).failed_logins == 0 and _user(db).locked_until is None


@pytest.mark.parametrize(
    "password", [" " * 12, "aaaaaaaaaaaa", "password1234", "nina12345678", "dystonia2026!"]
)
def test_guessable_passwords_are_refused(password: str) -> None:
    with pytest.raises(AccountError):
        check_password_strength(password, ["nina"])


def test_a_long_unrelated_passphrase_is_accepted() -> None:
    check_password_strength("quiet harbor lantern mosaic 42", ["nina"])


@pytest.mark.parametrize("host", ["0.0.0.0", "8.8.8.8", "example.org"])  # noqa: S104
def test_settings_refuse_a_public_internal_host(host: str) -> None:
    with pytest.raises(ValidationError):
        Settings(host=host)


def test_settings_allow_loopback_and_private_internal_hosts() -> None:
    assert Settings(host="10.0.0.5").host == "10.0.0.5"
    anywhere = "0.0.0.0"  # noqa: S104 (the web app may face the hospital's network)
    assert Settings(host="localhost", web_host=anywhere).web_host == anywhere
