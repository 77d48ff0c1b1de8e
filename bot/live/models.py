"""The live-chat tables: a chat's way through the line, and navigators' availability."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String

from bot.db import Base, UTCDateTime
from bot.staff.models import one_of


class LiveStatus(str, Enum):
    """Where a live chat is: waiting in line, with a navigator, or over (and how)."""

    WAITING = "waiting"
    ACTIVE = "active"
    ENDED = "ended"  # a navigator ended it and handed back to the assistant
    MISSED = "missed"  # nobody accepted in time: the patient was offered a call back
    LEFT = "left"  # the patient left the page while waiting

    @classmethod
    def open(cls) -> tuple[LiveStatus, LiveStatus]:
        return (cls.WAITING, cls.ACTIVE)


class LiveChat(Base):
    __tablename__ = "live_chats"
    __table_args__ = (one_of("status", LiveStatus, "ck_live_chats_status"),)

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    status = Column(String(16), nullable=False, index=True)
    lang = Column(String(8), nullable=False, default="en")
    created_at = Column(UTCDateTime, nullable=False)
    # The widget asks for news every second or so; a waiting patient not heard from
    # for a while has left the page.
    patient_seen_at = Column(UTCDateTime, nullable=False)
    navigator_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="SET NULL", name="fk_live_chats_navigator")
    )
    navigator_name = Column(String(100))  # as the patient saw it
    accepted_at = Column(UTCDateTime)
    ended_at = Column(UTCDateTime)
    # A possible emergency in the patient's words while live: the navigator is alerted.
    alert_at = Column(UTCDateTime)
    callback_offered = Column(Boolean, nullable=False, default=False)


class NavigatorPresence(Base):
    """A navigator's "I'm available" switch; it counts while their live page is open."""

    __tablename__ = "navigator_presence"

    user_id = Column(
        Integer,
        ForeignKey("staff_users.id", ondelete="CASCADE", name="fk_navigator_presence_user"),
        primary_key=True,
    )
    available = Column(Boolean, nullable=False, default=False)
    seen_at = Column(UTCDateTime, nullable=False)
