"""Staff accounts: creating them, checking logins, passwords, disabling, API tokens.

Passwords are hashed with Argon2id (argon2-cffi) and must pass zxcvbn's strength
estimate; there is no default account. A login attempt is counted in one atomic
update *before* its password is checked, so a burst of parallel guesses gets no more
checks than the lockout allows; every failed login looks and takes the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, case, literal, or_, select, update
from sqlalchemy.orm import Session

from bot.db import UTCDateTime
from bot.staff.models import ROLES, SessionEnd, StaffUser
from bot.staff.sessions import end_all_sessions

MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 3  # zxcvbn's score: 3 is "safely unguessable", 4 "very unguessable"
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def check_password_strength(password: str, related: Sequence[str] = ()) -> None:
    """Refuse short, blank and guessable passwords, saying how to do better."""
    from zxcvbn import zxcvbn

    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    if not password.strip() or len(set(password)) < 4:
        raise AccountError("that password is too easy to guess: use several unrelated words")
    verdict = zxcvbn(password[:100], user_inputs=[*related, "letschat", "dystonia", "hospital"])
    if verdict["score"] < MIN_STRENGTH:
        hint = verdict["feedback"].get("warning") or "add more unrelated words"
        raise AccountError(f"that password is too easy to guess ({hint.rstrip('.')})")


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
    check_password_strength(password, [username])
    if find_user(session, username) is not None:
        raise AccountError(f"there is already a user called {username!r}")
    user = StaffUser(
        username=username,
        role=role,
        password_hash=_hasher.hash(password),
        failed_logins=0,
        created_at=_now(),
    )
    session.add(user)
    session.flush()
    return user


MAX_DISPLAY_NAME = 60


def set_display_name(user: StaffUser, name: str) -> None:
    """The name patients see in a live chat ("Nina, care navigator")."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_DISPLAY_NAME or not cleaned.isprintable():
        raise AccountError(f"a display name is 1-{MAX_DISPLAY_NAME} printable characters")
    user.display_name = cleaned


def find_user(session: Session, username: str) -> StaffUser | None:
    return session.execute(
        select(StaffUser).where(StaffUser.username == username.strip())
    ).scalar_one_or_none()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _same_work_as_a_check(password: str) -> None:
    """Unknown, locked and disabled accounts cost what a real check costs."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_decoy_hash(), password)


def claim_attempt(session: Session, username: str, now: datetime) -> bool:
    """Count one attempt atomically; False when the account is unknown, locked or disabled.

    The count is raised before the password is checked, and reaching the limit sets the
    lock in the same statement; a right password then clears both. Every name costs
    this one statement, known or not, so timing tells nothing.
    """
    users = StaffUser.__table__
    until = literal(now + LOCKOUT, UTCDateTime())
    lock_over = and_(users.c.locked_until.isnot(None), users.c.locked_until <= now)
    count = case((lock_over, 1), else_=users.c.failed_logins + 1)
    result = session.execute(
        update(users)
        .where(
            users.c.username == username.strip(),
            users.c.disabled_at.is_(None),
            or_(
                and_(users.c.locked_until.is_(None), users.c.failed_logins < MAX_FAILED_LOGINS),
                lock_over,
            ),
        )
        .values(failed_logins=count, locked_until=case((count >= MAX_FAILED_LOGINS, until)))
    )
    session.commit()  # other attempts must see this one before its password is checked
    return result.rowcount == 1


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """The user when the password is right and the account neither locked nor disabled.

    Also how a signed-in user confirms their password (to change it or to issue an API
    token): a stolen session gets no more guesses than the login page gives.
    """
    now = now or _now()
    claimed = claim_attempt(session, username, now)
    user = find_user(session, username)
    if user is None or not claimed:
        _same_work_as_a_check(password)
        return LoginResult(None)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return LoginResult(None)
    user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return LoginResult(user)


def set_password(session: Session, user: StaffUser, password: str, now: datetime) -> int:
    """A new password; every open session and the API token of the user end.
    Returns how many sessions ended."""
    check_password_strength(password, [user.username])
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None
    revoke_api_token(user)
    return end_all_sessions(session, user.id, SessionEnd.PASSWORD_CHANGED, now)


def confirm_password(session: Session, user: StaffUser, password: str, now: datetime) -> None:
    """Raise unless ``password`` is the user's own (counted like a login attempt)."""
    if authenticate(session, user.username, password, now).user is None:
        raise AccountError("the current password is not right (or the account is locked)")


def change_own_password(
    session: Session, user: StaffUser, current: str, new: str, now: datetime
) -> None:
    if current == new:
        raise AccountError("the new password must differ from the current one")
    confirm_password(session, user, current, now)
    set_password(session, user, new, now)


def set_disabled(session: Session, user: StaffUser, disabled: bool, now: datetime) -> None:
    """Disable (no login, sessions ended, API token revoked) or enable an account; the
    last enabled admin cannot be disabled."""
    if disabled and user.role == "admin" and _enabled_admins(session) <= 1:
        raise AccountError("this is the last enabled admin account")
    if disabled:
        user.disabled_at = now
        user.api_token_hash, user.api_token_expires_at = None, None
        end_all_sessions(session, user.id, SessionEnd.DISABLED, now)
    else:
        user.disabled_at = None
        user.failed_logins, user.locked_until = 0, None


def _enabled_admins(session: Session) -> int:
    return len(
        session.execute(
            select(StaffUser.id).where(StaffUser.role == "admin", StaffUser.disabled_at.is_(None))
        ).all()
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_api_token(user: StaffUser, now: datetime, lifetime: timedelta) -> str:
    """A fresh API token for ``user`` (any earlier one stops working); shown once."""
    if user.disabled_at is not None:
        raise AccountError(f"{user.username} is disabled")
    token = secrets.token_urlsafe(32)
    user.api_token_hash, user.api_token_expires_at = _token_hash(token), now + lifetime
    return token


def revoke_api_token(user: StaffUser) -> None:
    user.api_token_hash, user.api_token_expires_at = None, None


def user_for_token(session: Session, token: str, now: datetime | None = None) -> StaffUser | None:
    """The token's owner while the token is unexpired and the account enabled."""
    if not token:
        return None
    user = session.execute(
        select(StaffUser).where(StaffUser.api_token_hash == _token_hash(token))
    ).scalar_one_or_none()
    if user is None or user.disabled_at is not None:
        return None
    expires = user.api_token_expires_at
    return user if expires is not None and expires > (now or _now()) else None
