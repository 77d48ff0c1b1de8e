"""Who viewed or exported what, and when: written by the console, read by admins."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import List

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry

# Actions whose target is text a person typed (a tagged patient message, the username
# typed at a failed login): retention removes it from old entries.
FREE_TEXT_ACTIONS = ("nlu.tagged", "login.failed")


def record(session: Session, user_id: int | None, action: str, target: str = "") -> None:
    session.add(
        AuditEntry(user_id=user_id, action=action, target=target, at=datetime.now(timezone.utc))
    )


def recent(session: Session, limit: int = 200) -> List[AuditEntry]:
    return list(
        session.execute(
            select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        ).scalars()
    )
