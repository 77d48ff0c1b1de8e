"""Conversation list and transcript pages for staff."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request
from sqlalchemy import create_engine

from bot.db import session_scope
from bot.staff.audit import record
from bot.web.auth import db_url, login_required, settings
from bot.web.tracker_reader import list_conversations, transcript

blueprint = Blueprint("conversations", __name__, url_prefix="/staff/conversations")
PAGE_SIZE = 50


def tracker_url() -> str:
    current = settings()
    return current.tracker_store_url or f"sqlite:///{current.tracker_db_path}"


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    engine = create_engine(tracker_url())
    try:
        with engine.connect() as connection:
            rows = list_conversations(connection, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    finally:
        engine.dispose()
    return render_template("conversations.html", rows=rows, page=page, page_size=PAGE_SIZE)


@blueprint.get("/<sender_id>")
@login_required
def show(sender_id: str):  # type: ignore[no-untyped-def]
    engine = create_engine(tracker_url())
    try:
        with engine.connect() as connection:
            turns = transcript(connection, sender_id)
    finally:
        engine.dispose()
    if not turns:
        abort(404)
    with session_scope(db_url()) as db:
        record(db, g.user.id, "conversation.viewed", sender_id)
    return render_template("transcript.html", sender_id=sender_id, turns=turns)
