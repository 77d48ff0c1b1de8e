"""The JSON API for other hospital tools: the same data as the pages, same login or a
per-user API token (``Authorization: Bearer ...``, from ``python -m bot.staff api-token``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict

from flask import Blueprint, g, jsonify, request, url_for

from bot.conversations import ConversationRow
from bot.db import session_scope
from bot.handoff.store import as_dict, list_requests
from bot.staff.audit import record
from bot.web.auth import db_url, login_required
from bot.web.conversations import audited_transcript, find_conversations

blueprint = Blueprint("api", __name__, url_prefix="/staff/api")
PER_PAGE = 100
MAX_PER_PAGE = 1000


def _conversation(row: ConversationRow) -> Dict[str, Any]:
    return {
        "sender_id": row.sender_id,
        "started": row.started.isoformat() if row.started else None,
        "turns": row.turns,
        "sections": row.sections,
        "flags": row.flags,
    }


FILTERS = ("from", "to", "flag", "q")  # what a page link carries over


def _page_link(page: int, per_page: int, rel: str) -> str:
    args = {k: v for k, v in request.args.items() if k in FILTERS}
    args.update(page=str(page), per_page=str(per_page))
    return f'<{url_for("api.conversations", _external=True, **args)}>; rel="{rel}"'


@blueprint.get("/conversations")
@login_required
def conversations():  # type: ignore[no-untyped-def]
    """A page of conversations, newest first; ``X-Total-Count`` and ``Link`` (RFC 8288,
    ``rel="next"``/``"prev"``) say how many there are and where the other pages are."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    per_page = min(MAX_PER_PAGE, max(1, request.args.get("per_page", PER_PAGE, type=int) or 1))
    with session_scope(db_url()) as db:
        found = find_conversations(db, request.args, per_page, (page - 1) * per_page)
        rows = [_conversation(row) for row in found.rows]
        record(db, g.user.id, "conversations.listed", f"api:{len(rows)} conversations")
    response = jsonify(rows)
    response.headers["X-Total-Count"] = str(found.total)
    links = []
    if found.total > page * per_page:
        links.append(_page_link(page + 1, per_page, "next"))
    if page > 1:
        links.append(_page_link(page - 1, per_page, "prev"))
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


@blueprint.get("/conversations/<sender_id>")
@login_required
def conversation(sender_id: str):  # type: ignore[no-untyped-def]
    turns = audited_transcript(sender_id, via="api:")
    return jsonify(
        {
            "sender_id": sender_id,
            "turns": [{**asdict(t), "at": t.at.isoformat(), "lang": t.lang} for t in turns],
        }
    )


@blueprint.get("/handoffs")
@login_required
def handoffs():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        chosen = request.args.get("status"), request.args.get("language")
        rows = [as_dict(r) for r in list_requests(db, *chosen)]
        record(db, g.user.id, "handoff.contact_viewed", f"api:{len(rows)} requests")
    return jsonify(rows)
