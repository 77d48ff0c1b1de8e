"""The handoff request table: what a care navigator needs to call a patient back."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, Integer, String, Text

from bot.db import Base, UTCDateTime

STATUSES = ("new", "in_progress", "done")


class HandoffRequest(Base):
    __tablename__ = "handoff_requests"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'in_progress', 'done')", name="ck_handoff_status"),
        CheckConstraint("contact_kind IN ('phone', 'email')", name="ck_handoff_contact_kind"),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), unique=True, nullable=False)
    # One request per completed form in a conversation, however often it is submitted.
    idempotency_key = Column(String(64), unique=True, nullable=False)
    sender_id = Column(String(255), nullable=False, index=True)
    name = Column(String(100), nullable=False)
    contact_kind = Column(String(8), nullable=False)
    contact = Column(String(254), nullable=False)
    best_time = Column(String(200), nullable=False)
    need = Column(String(500), nullable=False)
    sections_asked = Column(Text, nullable=False, default="[]")  # JSON list of section ids
    consent = Column(Boolean, nullable=False)
    status = Column(String(16), nullable=False, default="new", index=True)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
