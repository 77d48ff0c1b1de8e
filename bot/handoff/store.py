"""Storing and reading handoff requests. Query functions take the session."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.handoff.contact import Contact
from bot.handoff.models import HandoffRequest
from bot.language import ENGLISH

# Crockford's alphabet: no 0/O or 1/I/L to misread over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "DYS-"


@dataclass(frozen=True)
class HandoffDetails:
    sender_id: str
    name: str
    contact: Contact
    best_time: str
    need: str
    sections_asked: Sequence[str]
    consent: bool
    language: str = ENGLISH  # the patient's, so a navigator who speaks it calls back


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def idempotency_key(sender_id: str, form_started: str) -> str:
    """The same completed form in the same conversation always gives the same key."""
    return hashlib.sha256(f"{sender_id}\n{form_started}".encode()).hexdigest()


def find_by_key(session: Session, key: str) -> HandoffRequest | None:
    return session.execute(
        select(HandoffRequest).where(HandoffRequest.idempotency_key == key)
    ).scalar_one_or_none()


def create_request(session: Session, details: HandoffDetails, key: str) -> HandoffRequest:
    """Store the request once: a repeat with the same key returns the stored one."""
    if not details.consent:
        raise ValueError("a handoff request is stored only with the patient's consent")
    existing = find_by_key(session, key)
    if existing is not None:
        return existing
    now = datetime.now(timezone.utc)
    request = HandoffRequest(
        reference=new_reference(),
        idempotency_key=key,
        sender_id=details.sender_id,
        name=details.name,
        contact_kind=details.contact.kind,
        contact=details.contact.value,
        best_time=details.best_time,
        need=details.need,
        sections_asked=json.dumps(list(details.sections_asked)),
        consent=details.consent,
        language=details.language,
        status="new",
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError:  # a concurrent retry stored it first
        stored = find_by_key(session, key)
        if stored is None:
            raise
        return stored
    return request


def list_requests(
    session: Session, status: str | None = None, language: str | None = None
) -> List[HandoffRequest]:
    query = select(HandoffRequest).order_by(HandoffRequest.created_at.desc())
    if status:
        query = query.where(HandoffRequest.status == status)
    if language:
        query = query.where(HandoffRequest.language == language)
    return list(session.execute(query).scalars())


def as_dict(request: HandoffRequest) -> dict:
    return {
        "reference": request.reference,
        "status": request.status,
        "created_at": request.created_at.isoformat(),
        "updated_at": request.updated_at.isoformat(),
        "sender_id": request.sender_id,
        "name": request.name,
        "contact_kind": request.contact_kind,
        "contact": request.contact,
        "best_time": request.best_time,
        "need": request.need,
        "sections_asked": json.loads(request.sections_asked or "[]"),
        "language": request.language,
    }
