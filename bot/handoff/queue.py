"""The care navigators' queue: assign, move through new -> in progress -> done, note."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Dict, List

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handoff.models import STATUSES, HandoffNote, HandoffRequest

MAX_NOTE = 1000


class QueueError(ValueError):
    """A queue change that cannot be made; the message says why."""


def by_status(session: Session, language: str | None = None) -> Dict[str, List[HandoffRequest]]:
    """Requests by status, oldest first; only those in ``language`` when one is given."""
    query = select(HandoffRequest).order_by(HandoffRequest.created_at)
    if language:
        query = query.where(HandoffRequest.language == language)
    rows = session.execute(query).scalars()
    grouped: Dict[str, List[HandoffRequest]] = {status: [] for status in STATUSES}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def get_request(session: Session, reference: str) -> HandoffRequest | None:
    return session.execute(
        select(HandoffRequest).where(HandoffRequest.reference == reference)
    ).scalar_one_or_none()


def _touch(request: HandoffRequest) -> None:
    request.updated_at = datetime.now(timezone.utc)


def assign(request: HandoffRequest, user_id: int) -> None:
    request.assigned_to = user_id
    if request.status == "new":
        request.status = "in_progress"
    _touch(request)


def set_status(request: HandoffRequest, status: str) -> None:
    if status not in STATUSES:
        raise QueueError(f"status must be one of: {', '.join(STATUSES)}")
    request.status = status
    _touch(request)


def add_note(session: Session, request: HandoffRequest, author_id: int, text: str) -> None:
    cleaned = text.strip()
    if not cleaned:
        raise QueueError("the note is empty")
    if len(cleaned) > MAX_NOTE:
        raise QueueError(f"notes are at most {MAX_NOTE} characters")
    session.add(
        HandoffNote(
            request_id=request.id,
            author_id=author_id,
            text=cleaned,
            created_at=datetime.now(timezone.utc),
        )
    )
    _touch(request)
