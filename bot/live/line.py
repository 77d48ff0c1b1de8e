"""The waiting line and who has which chat. Query functions take the session.

Every change that two people (or two processes) could race for is one conditional
UPDATE, so exactly one wins: two navigators accepting the same chat, a navigator
accepting while the patient's wait runs out, two processes ending a chat whose navigator
left. Joining the line is read-then-insert: it runs in a Rasa action, and Rasa's lock
already serialises one conversation's turns.
"""

from __future__ import annotations

from datetime import datetime
from typing import List

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.live.hours import OfficeHours
from bot.live.models import LiveChat, LiveStatus, NavigatorPresence
from bot.live.timing import Timing
from bot.staff.models import StaffUser

OPEN = [s.value for s in LiveStatus.open()]


def set_available(session: Session, user_id: int, available: bool, now: datetime) -> None:
    presence = session.get(NavigatorPresence, user_id)
    if presence is None:
        session.add(NavigatorPresence(user_id=user_id, available=available, seen_at=now))
    else:
        presence.available, presence.seen_at = available, now


def navigator_seen(session: Session, user_id: int, now: datetime) -> bool:
    """The navigator's live page is open; returns whether they are available."""
    presence = session.get(NavigatorPresence, user_id)
    if presence is None:
        return False
    presence.seen_at = now
    return bool(presence.available)


def _present(now: datetime, timing: Timing) -> Select:
    """Counts navigators whose live page was seen lately, with a working account."""
    return (
        select(func.count())
        .select_from(NavigatorPresence)
        .join(StaffUser, StaffUser.id == NavigatorPresence.user_id)
        .where(
            NavigatorPresence.seen_at >= now - timing.navigator_seen,
            StaffUser.disabled_at.is_(None),
        )
    )


def on_duty(session: Session, now: datetime, timing: Timing) -> int:
    """Navigators available, with their live page open, and with a working account."""
    query = _present(now, timing).where(NavigatorPresence.available.is_(True))
    return int(session.execute(query).scalar_one())


def live_chat_offered(session: Session, now: datetime, hours: OfficeHours, timing: Timing) -> bool:
    return hours.open_at(now) and on_duty(session, now, timing) > 0


def latest_chat(session: Session, sender_id: str) -> LiveChat | None:
    query = (
        select(LiveChat)
        .where(LiveChat.sender_id == sender_id)
        .order_by(LiveChat.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def join_line(session: Session, sender_id: str, lang: str, now: datetime) -> LiveChat:
    """The patient's place in line: the chat they already have open, or a new one (one
    conversation's turns never run at once: Rasa's lock)."""
    current = latest_chat(session, sender_id)
    if current is not None and current.status in OPEN:
        return current
    chat = LiveChat(
        sender_id=sender_id,
        status=LiveStatus.WAITING.value,
        lang=lang,
        created_at=now,
        patient_seen_at=now,
        callback_offered=False,
    )
    session.add(chat)
    session.flush()
    return chat


def place_in_line(session: Session, chat: LiveChat) -> int:
    """1 for the first in line; 0 when the chat is not waiting."""
    if chat.status != LiveStatus.WAITING.value:
        return 0
    ahead = select(func.count()).where(
        LiveChat.status == LiveStatus.WAITING.value, LiveChat.id < chat.id
    )
    return int(session.execute(ahead).scalar_one()) + 1


def waiting(session: Session) -> List[LiveChat]:
    query = select(LiveChat).where(LiveChat.status == LiveStatus.WAITING.value)
    return list(session.execute(query.order_by(LiveChat.id)).scalars())


def accepted_by(session: Session, user_id: int) -> List[LiveChat]:
    query = select(LiveChat).where(
        LiveChat.status == LiveStatus.ACTIVE.value, LiveChat.navigator_id == user_id
    )
    return list(session.execute(query.order_by(LiveChat.accepted_at)).scalars())


def _move(session: Session, chat_id: int, from_status: LiveStatus, **values: object) -> bool:
    """One conditional UPDATE: True when this caller made the change."""
    changed = session.execute(
        update(LiveChat)
        .where(LiveChat.id == chat_id, LiveChat.status == from_status.value)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    return changed.rowcount == 1


def claim(session: Session, chat_id: int, user_id: int, name: str, now: datetime) -> bool:
    """Accept a waiting chat; False when someone else did first or it is no longer waiting."""
    return _move(
        session,
        chat_id,
        LiveStatus.WAITING,
        status=LiveStatus.ACTIVE.value,
        navigator_id=user_id,
        navigator_name=name,
        accepted_at=now,
    )


def release(session: Session, chat_id: int) -> None:
    """Put an accepted chat back in line (pausing the assistant for it failed)."""
    _move(
        session,
        chat_id,
        LiveStatus.ACTIVE,
        status=LiveStatus.WAITING.value,
        navigator_id=None,
        navigator_name=None,
        accepted_at=None,
    )


def end(session: Session, chat_id: int, now: datetime) -> bool:
    return _move(session, chat_id, LiveStatus.ACTIVE, status=LiveStatus.ENDED.value, ended_at=now)


def reopen(session: Session, chat_id: int) -> None:
    """An end that could not be handed back to the assistant: the chat stays the navigator's."""
    _move(session, chat_id, LiveStatus.ENDED, status=LiveStatus.ACTIVE.value, ended_at=None)


def leave(session: Session, chat_id: int, now: datetime) -> bool:
    return _move(session, chat_id, LiveStatus.WAITING, status=LiveStatus.LEFT.value, ended_at=now)


def take_callback_offer(session: Session, chat_id: int) -> bool:
    """Once per missed chat: the caller offers the patient the callback form."""
    changed = session.execute(
        update(LiveChat)
        .where(
            LiveChat.id == chat_id,
            LiveChat.status == LiveStatus.MISSED.value,
            LiveChat.callback_offered.is_(False),
        )
        .values(callback_offered=True)
        .execution_options(synchronize_session="fetch")
    )
    return changed.rowcount == 1


def offer_callback_again(session: Session, chat_id: int) -> None:
    """The callback offer did not reach the patient (Rasa did not answer)."""
    _move(session, chat_id, LiveStatus.MISSED, callback_offered=False)


def expire(session: Session, now: datetime, timing: Timing) -> None:
    """Waiting chats whose patient left the page leave the line; those that waited too
    long are missed (their patient is offered a call back on their next poll)."""
    for too_old, status in (
        (LiveChat.patient_seen_at < now - timing.patient_gone, LiveStatus.LEFT),
        (LiveChat.created_at < now - timing.wait, LiveStatus.MISSED),
    ):
        session.execute(
            update(LiveChat)
            .where(LiveChat.status == LiveStatus.WAITING.value, too_old)
            .values(status=status.value, ended_at=now)
            .execution_options(synchronize_session="fetch")
        )
    session.flush()


def navigator_gone(session: Session, chat: LiveChat, now: datetime, timing: Timing) -> bool:
    """An active chat whose navigator closed their page, or whose account was disabled
    or deleted: nobody will answer the patient or end the chat."""
    if chat.status != LiveStatus.ACTIVE.value:
        return False
    if chat.navigator_id is None:
        return True
    query = _present(now, timing).where(NavigatorPresence.user_id == chat.navigator_id)
    return int(session.execute(query).scalar_one()) == 0


def patient_seen(session: Session, chat_id: int, now: datetime) -> None:
    """The patient's widget asked for news: they are still on the page."""
    session.execute(
        update(LiveChat)
        .where(LiveChat.id == chat_id)
        .values(patient_seen_at=now)
        .execution_options(synchronize_session="fetch")
    )


def alert(session: Session, chat_id: int, now: datetime) -> None:
    session.execute(
        update(LiveChat)
        .where(LiveChat.id == chat_id)
        .values(alert_at=now)
        .execution_options(synchronize_session="fetch")
    )
