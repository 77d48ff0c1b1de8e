"""The JSON API for other hospital tools: the same data as the pages, same login or a
per-user API token (``Authorization: Bearer ...``, from ``python -m bot.staff api-token``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict

from flask import Blueprint, g, jsonify, request

from bot.conversations import ConversationRow
from bot.db import session_scope
from bot.handoff.store import as_dict, list_requests
from bot.staff.audit import record
from bot.web.auth import db_url, login_required
from bot.web.conversations import audited_transcript, find_conversations

blueprint = Blueprint("api", __name__, url_prefix="/staff/api")


def _conversation(row: ConversationRow) -> Dict[str, Any]:
    return {
        "sender_id": row.sender_id,
        "started": row.started.isoformat(),
        "turns": row.turns,
        "sections": row.sections,
        "flags": row.flags,
    }


@blueprint.get("/conversations")
@login_required
def conversations():  # type: ignore[no-untyped-def]
    rows = [_conversation(row) for row in find_conversations(request.args)]
    with session_scope(db_url()) as db:
        record(db, g.user.id, "conversations.listed", f"api:{len(rows)} conversations")
    return jsonify(rows)


@blueprint.get("/conversations/<sender_id>")
@login_required
def conversation(sender_id: str):  # type: ignore[no-untyped-def]
    turns = audited_transcript(sender_id, via="api:")
    return jsonify(
        {"sender_id": sender_id, "turns": [{**asdict(t), "at": t.at.isoformat()} for t in turns]}
    )


@blueprint.get("/handoffs")
@login_required
def handoffs():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        rows = [as_dict(r) for r in list_requests(db, request.args.get("status"))]
        record(db, g.user.id, "handoff.contact_viewed", f"api:{len(rows)} requests")
    return jsonify(rows)
