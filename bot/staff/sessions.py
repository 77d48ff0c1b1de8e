"""Console sessions kept on the server: the cookie holds a random token, the database
its hash, so a session can be ended from anywhere (logout, password change, disabled
account) and times out when idle or too old, whatever the browser keeps."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.staff.models import SessionEnd, StaffSession, StaffUser

# Writing last_seen on every request would make each page view a write; a minute's
# precision is plenty for a 30-minute idle timeout.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(db: Session, user: StaffUser, now: datetime) -> str:
    """A new session for ``user``; the token goes in the cookie, only its hash here."""
    token = secrets.token_urlsafe(32)
    db.add(
        StaffSession(
            token_hash=token_hash(token), user_id=user.id, created_at=now, last_seen_at=now
        )
    )
    db.flush()
    return token


def _end(row: StaffSession, reason: SessionEnd, now: datetime) -> None:
    row.ended_at, row.end_reason = now, reason.value


def user_for_session(db: Session, token: str, now: datetime, limits: Timeouts) -> StaffUser | None:
    """The session's user while it is open, not idle, not too old and the account enabled."""
    row = db.execute(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > limits.idle:
        _end(row, SessionEnd.IDLE, now)
        return None
    if now - row.created_at > limits.absolute:
        _end(row, SessionEnd.EXPIRED, now)
        return None
    user = db.get(StaffUser, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return user


def end_session(db: Session, token: str, reason: SessionEnd, now: datetime) -> None:
    db.execute(
        update(StaffSession)
        .where(StaffSession.token_hash == token_hash(token), StaffSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason.value)
    )


def end_all_sessions(db: Session, user_id: int, reason: SessionEnd, now: datetime) -> int:
    """End every open session of a user at once; how many were open."""
    result = db.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason.value)
    )
    return int(result.rowcount or 0)
