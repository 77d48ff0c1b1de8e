"""Creating staff accounts and checking logins, with a lockout after repeated failures.

Passwords are hashed with Argon2id (argon2-cffi); there is no default account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import ROLES, StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    locked: bool = False


def create_user(session: Session, username: str, role: str, password: str) -> StaffUser:
    username = username.strip()
    if (
        not username
        or len(username) > 64
        or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise AccountError("usernames are 1-64 letters, digits, '.', '-' or '_'")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, username) is not None:
        raise AccountError(f"there is already a user called {username!r}")
    user = StaffUser(
        username=username,
        role=role,
        password_hash=_hasher.hash(password),
        failed_logins=0,
        created_at=datetime.now(timezone.utc),
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> StaffUser | None:
    return session.execute(
        select(StaffUser).where(StaffUser.username == username.strip())
    ).scalar_one_or_none()


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """The user when the password is right and the account is not locked."""
    now = now or datetime.now(timezone.utc)
    user = find_user(session, username)
    if user is None:
        _hasher.hash(password)  # same work as a real check: no user enumeration by timing
        return LoginResult(None)
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult(None, locked=True)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            return LoginResult(None, locked=True)
        return LoginResult(None)
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return LoginResult(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_api_token(user: StaffUser) -> str:
    """A fresh API token for ``user`` (any earlier one stops working); shown once."""
    token = secrets.token_urlsafe(32)
    user.api_token_hash = _token_hash(token)
    return token


def user_for_token(session: Session, token: str) -> StaffUser | None:
    if not token:
        return None
    return session.execute(
        select(StaffUser).where(StaffUser.api_token_hash == _token_hash(token))
    ).scalar_one_or_none()
