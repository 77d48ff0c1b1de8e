"""Staff users, their console sessions, and the audit log."""

from __future__ import annotations

from enum import Enum
from typing import Type

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.db import Base, UTCDateTime

ROLES = ("navigator", "admin")


class SessionEnd(str, Enum):
    """Why a console session stopped working before it timed out on its own."""

    LOGOUT = "logout"
    IDLE = "idle"
    EXPIRED = "expired"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
    DISABLED = "disabled"


def one_of(column: str, values: Type[Enum], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class StaffUser(Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("role IN ('navigator', 'admin')", name="ck_staff_role"),
        UniqueConstraint("api_token_hash", name="uq_staff_users_api_token_hash"),
    )

    id = Column(Integer, primary_key=True)
    username = Column(String(64), unique=True, nullable=False)
    display_name = Column(String(60))  # what patients see in a live chat ("Nina")
    role = Column(String(16), nullable=False)
    password_hash = Column(String(255), nullable=False)
    # Attempts counted before the password is checked (see accounts.authenticate).
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime)
    disabled_at = Column(UTCDateTime)  # set: no login, no session, no API token
    # sha256 of the API token, never the token itself
    api_token_hash = Column(String(64))
    api_token_expires_at = Column(UTCDateTime)
    created_at = Column(UTCDateTime, nullable=False)

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


class StaffSession(Base):
    """A console login: the cookie carries a random token, this row its hash, so that
    logout, a password change or a disabled account ends it on the server."""

    __tablename__ = "staff_sessions"
    __table_args__ = (one_of("end_reason", SessionEnd, "ck_staff_sessions_end_reason"),)

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), unique=True, nullable=False)
    user_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False)
    ended_at = Column(UTCDateTime)
    end_reason = Column(String(20))


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id = Column(Integer, primary_key=True)
    user_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    action = Column(String(64), nullable=False)
    target = Column(Text, nullable=False, default="")
    at = Column(UTCDateTime, nullable=False, index=True)
