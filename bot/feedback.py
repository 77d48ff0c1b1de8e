"""Patients' thumbs up / down on answers, from the widget.

One vote per answer per conversation (a second click changes it). The conversation id
is Rasa's sender id: the conversation lives in Rasa's tracker store, which may be
another database, so it cannot be a foreign key here. Query functions take a session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Collection, Dict, Iterable, Mapping, Set

from sqlalchemy import CheckConstraint, Column, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Session

from bot.conversations import Turn
from bot.db import Base, UTCDateTime

RATINGS = ("up", "down")


class AnswerFeedback(Base):
    __tablename__ = "answer_feedback"
    __table_args__ = (
        CheckConstraint("rating IN ('up', 'down')", name="ck_answer_feedback_rating"),
        UniqueConstraint("sender_id", "answer_id", name="uq_answer_feedback_answer"),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    answer_id = Column(String(64), nullable=False)  # Turn.answer_id: a digest of the answer
    section = Column(String(32), nullable=False)
    rating = Column(String(4), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False, index=True)


def record_feedback(
    session: Session, sender_id: str, answer_id: str, section: str, rating: str
) -> AnswerFeedback:
    """Store or change the vote on one answer."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}")
    now = datetime.now(timezone.utc)
    vote = session.execute(
        select(AnswerFeedback).where(
            AnswerFeedback.sender_id == sender_id, AnswerFeedback.answer_id == answer_id
        )
    ).scalar_one_or_none()
    if vote is None:
        vote = AnswerFeedback(
            sender_id=sender_id, answer_id=answer_id, section=section, created_at=now
        )
        session.add(vote)
    vote.rating, vote.updated_at = rating, now
    session.flush()
    return vote


def ratings_for(session: Session, sender_id: str) -> Dict[str, str]:
    """answer_id → rating for one conversation."""
    rows = session.execute(
        select(AnswerFeedback.answer_id, AnswerFeedback.rating).where(
            AnswerFeedback.sender_id == sender_id
        )
    )
    return {answer_id: rating for answer_id, rating in rows}


def attach_ratings(turns: Iterable[Turn], ratings: Mapping[str, str]) -> None:
    """Set each answer turn's ``feedback`` from ``ratings_for`` (answer_id → rating)."""
    for turn in turns:
        if turn.answer_id:
            turn.feedback = ratings.get(turn.answer_id)


def senders_with_feedback(session: Session) -> Set[str]:
    return set(session.execute(select(AnswerFeedback.sender_id).distinct()).scalars())


def senders_rated(session: Session, senders: Collection[str]) -> Set[str]:
    """Which of these conversations (a page of the console's list) hold a rating."""
    query = select(AnswerFeedback.sender_id).where(AnswerFeedback.sender_id.in_(list(senders)))
    return set(session.execute(query.distinct()).scalars())


@dataclass
class SectionFeedback:
    up: int = 0
    down: int = 0


def feedback_by_section(
    session: Session, senders: Collection[str] | None = None
) -> Dict[str, SectionFeedback]:
    """Thumbs per section (of the given conversations, or all), most votes first."""
    query = select(AnswerFeedback.section, AnswerFeedback.rating, AnswerFeedback.sender_id)
    counts: Counter = Counter()
    for section, rating, sender in session.execute(query):
        if senders is None or sender in senders:
            counts[(section, rating)] += 1
    by_section: Dict[str, SectionFeedback] = {}
    for (section, rating), n in counts.items():
        setattr(by_section.setdefault(section, SectionFeedback()), rating, n)
    return dict(sorted(by_section.items(), key=lambda kv: -(kv[1].up + kv[1].down)))


def purge_feedback(session: Session, senders: Iterable[str], before: datetime) -> int:
    """Votes of purged conversations, and any older than ``before``."""
    removed = 0
    batch = list(senders)
    for start in range(0, len(batch), 500):  # stay under SQL parameter limits
        chunk = batch[start : start + 500]
        removed += session.execute(
            delete(AnswerFeedback).where(AnswerFeedback.sender_id.in_(chunk))
        ).rowcount
    removed += session.execute(
        delete(AnswerFeedback).where(AnswerFeedback.updated_at < before)
    ).rowcount
    return removed
