"""Conversation list and transcript pages for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import List, Mapping

from flask import Blueprint, abort, g, render_template, request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.conversations import (
    FLAGS,
    ConversationFilter,
    ConversationRow,
    Turn,
    count_conversations,
    list_conversations,
    transcript,
)
from bot.conversations.upkeep import catch_up
from bot.db import get_engine, session_scope
from bot.feedback import attach_ratings, ratings_for, senders_rated, senders_with_feedback
from bot.staff.audit import record
from bot.web.auth import db_url, login_required, settings

blueprint = Blueprint("conversations", __name__, url_prefix="/staff/conversations")
PAGE_SIZE = 50
FEEDBACK_FLAG = "feedback"  # a patient rated an answer (thumbs, kept in the app database)
FLAG_LABELS = {  # the read model's FLAGS, then the app database's
    "fallback": "a fallback",
    "handoff": "a handoff",
    "emergency": "an emergency",
    FEEDBACK_FLAG: "a rated answer",
}


def tracker_url() -> str:
    return settings().resolved_tracker_store_url


def tracker_engine() -> Engine:
    """The tracker store's engine (one pool per process), its read model caught up with
    any events written by something that does not keep it."""
    engine = get_engine(tracker_url())
    catch_up(engine)
    return engine


def _day(value: str | None, days_after: int = 0) -> datetime | None:
    """A ``YYYY-MM-DD`` filter value as the start of that UTC day (bad input: no filter)."""
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return day + timedelta(days=days_after)


def chosen_filter(db: Session, args: Mapping[str, str]) -> ConversationFilter:
    """The console's filter from its query string (unknown values: no filter)."""
    flag = args.get("flag")
    rated = senders_with_feedback(db) if flag == FEEDBACK_FLAG else None
    return ConversationFilter(
        since=_day(args.get("from")),
        until=_day(args.get("to"), days_after=1),
        flag=flag if flag in FLAGS else None,
        text=args.get("q"),
        senders=rated,
    )


@dataclass(frozen=True)
class ConversationPage:
    rows: List[ConversationRow]
    total: int


def find_conversations(
    db: Session, args: Mapping[str, str], limit: int, offset: int = 0
) -> ConversationPage:
    """One page of the filtered conversations, newest first; those a patient rated an
    answer in carry "feedback"."""
    chosen = chosen_filter(db, args)
    with tracker_engine().connect() as connection:
        rows = list_conversations(connection, chosen, limit, offset)
        total = count_conversations(connection, chosen)
    rated = senders_rated(db, [row.sender_id for row in rows])
    for row in rows:
        if row.sender_id in rated:
            row.flags.append(FEEDBACK_FLAG)
    return ConversationPage(rows, total)


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    with session_scope(db_url()) as db:
        found = find_conversations(db, request.args, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "conversations.html",
        rows=found.rows,
        page=page,
        more=found.total > page * PAGE_SIZE,
        total=found.total,
        filters=filters,
        flags=FLAG_LABELS,
    )


def audited_transcript(sender_id: str, via: str = "") -> List[Turn]:
    """The conversation's turns for the logged-in user, written to the audit log (404 if none)."""
    with get_engine(tracker_url()).connect() as connection:  # one pool per process
        turns = transcript(connection, sender_id)
    if not turns:
        abort(404)
    with session_scope(db_url()) as db:
        record(db, g.user.id, "conversation.viewed", f"{via}{sender_id}")
        attach_ratings(turns, ratings_for(db, sender_id))
    return turns


@blueprint.get("/<sender_id>")
@login_required
def show(sender_id: str):  # type: ignore[no-untyped-def]
    turns = audited_transcript(sender_id)
    return render_template("transcript.html", sender_id=sender_id, turns=turns)
