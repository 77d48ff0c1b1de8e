"""The handoff request table: what a care navigator needs to call a patient back."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from bot.db import Base, UTCDateTime
from bot.language import ENGLISH, language_check
from bot.staff import models as _staff_models  # noqa: F401  (the table assigned_to points at)

STATUSES = ("new", "in_progress", "done")


class HandoffRequest(Base):
    __tablename__ = "handoff_requests"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'in_progress', 'done')", name="ck_handoff_status"),
        CheckConstraint("contact_kind IN ('phone', 'email')", name="ck_handoff_contact_kind"),
        CheckConstraint(language_check(), name="ck_handoff_language"),
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
    language = Column(String(8), nullable=False, default=ENGLISH, index=True)
    status = Column(String(16), nullable=False, default="new", index=True)
    assigned_to = Column(
        Integer,
        ForeignKey("staff_users.id", ondelete="SET NULL", name="fk_handoff_requests_assigned_to"),
    )
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    notes = relationship(
        "HandoffNote", order_by="HandoffNote.created_at", cascade="all, delete-orphan"
    )


class HandoffNote(Base):
    """A care navigator's note on a request."""

    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True)
    request_id = Column(
        Integer, ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(Integer, ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=False)
    text = Column(String(1000), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
