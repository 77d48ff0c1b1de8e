"""Staff users and the audit log."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.db import Base, UTCDateTime

ROLES = ("navigator", "admin")


class StaffUser(Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("role IN ('navigator', 'admin')", name="ck_staff_role"),
        UniqueConstraint("api_token_hash", name="uq_staff_users_api_token_hash"),
    )

    id = Column(Integer, primary_key=True)
    username = Column(String(64), unique=True, nullable=False)
    role = Column(String(16), nullable=False)
    password_hash = Column(String(255), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime)
    # sha256 of the API token, never the token itself
    api_token_hash = Column(String(64))
    created_at = Column(UTCDateTime, nullable=False)


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id = Column(Integer, primary_key=True)
    user_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    action = Column(String(64), nullable=False)
    target = Column(Text, nullable=False, default="")
    at = Column(UTCDateTime, nullable=False, index=True)
