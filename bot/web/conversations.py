"""Conversation list and transcript pages for staff."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import List, Mapping

from flask import Blueprint, abort, g, render_template, request

from bot.conversations import FLAGS, ConversationRow, Turn, list_conversations, transcript
from bot.db import get_engine, session_scope
from bot.feedback import attach_ratings, ratings_for, senders_with_feedback
from bot.staff.audit import record
from bot.web.auth import db_url, login_required, settings

blueprint = Blueprint("conversations", __name__, url_prefix="/staff/conversations")
PAGE_SIZE = 50
FEEDBACK_FLAG = "feedback"  # a patient rated an answer (thumbs, kept in the app database)
FLAG_LABELS = {  # the tracker's FLAGS, then the app database's
    "fallback": "a fallback",
    "handoff": "a handoff",
    "emergency": "an emergency",
    FEEDBACK_FLAG: "a rated answer",
}


def tracker_url() -> str:
    current = settings()
    return current.tracker_store_url or f"sqlite:///{current.tracker_db_path}"


def _day(value: str | None, days_after: int = 0) -> datetime | None:
    """A ``YYYY-MM-DD`` filter value as the start of that UTC day (bad input: no filter)."""
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return day + timedelta(days=days_after)


def find_conversations(args: Mapping[str, str]) -> List[ConversationRow]:
    """The filtered conversations; those a patient rated an answer in carry "feedback"."""
    flag = args.get("flag") if args.get("flag") in FLAG_LABELS else None
    engine = get_engine(tracker_url())  # one pool per process, not per request
    with engine.connect() as connection:
        rows = list_conversations(
            connection,
            _day(args.get("from")),
            _day(args.get("to"), days_after=1),
            flag if flag in FLAGS else None,
            args.get("q"),
        )
    with session_scope(db_url()) as db:
        rated = senders_with_feedback(db)
    for row in rows:
        if row.sender_id in rated:
            row.flags.append(FEEDBACK_FLAG)
    return [row for row in rows if flag != FEEDBACK_FLAG or FEEDBACK_FLAG in row.flags]


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows = find_conversations(request.args)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    more = len(rows) > page * PAGE_SIZE
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "conversations.html",
        rows=shown,
        page=page,
        more=more,
        total=len(rows),
        filters=filters,
        flags=FLAG_LABELS,
    )


def audited_transcript(sender_id: str, via: str = "") -> List[Turn]:
    """The conversation's turns for the logged-in user, written to the audit log (404 if none)."""
    engine = get_engine(tracker_url())  # one pool per process, not per request
    with engine.connect() as connection:
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
