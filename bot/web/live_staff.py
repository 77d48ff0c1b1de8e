"""The navigators' live page: availability, the waiting line, and the chats they took.

Pages work without script (forms); ``live.js`` keeps them current by asking the JSON
views every second or two. A navigator sees only chats that wait and those they took.
Accepting, ending and every message are audited (the audit holds no message text).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from bot.chat_turns import turn_json
from bot.conversations import transcript, turns_after
from bot.db import get_engine, session_scope
from bot.language import ENGLISH, most_likely
from bot.live import line
from bot.live.models import LiveChat, LiveStatus
from bot.live.notices import joined, said_by_navigator
from bot.staff.audit import record
from bot.web import rasa_api
from bot.web.auth import db_url, login_required, settings
from bot.web.conversations import tracker_url
from bot.web.live_state import hand_back, pause_again, undo_pause

blueprint = Blueprint("live", __name__, url_prefix="/staff/live")
MAX_MESSAGE = 1000
NOT_PATIENT_WORDS = ("/",)  # buttons' payloads and the widget's opening


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _questions(sender_id: str) -> List[str]:
    """What the patient typed so far (not buttons or the widget's opening)."""
    with get_engine(tracker_url()).connect() as connection:
        turns = transcript(connection, sender_id)
    return [
        t.text for t in turns if t.who == "patient" and not t.text.startswith(NOT_PATIENT_WORDS)
    ]


def _waiting_json(chat: LiveChat, now: datetime) -> Dict[str, Any]:
    return {
        "id": chat.id,
        "waiting_seconds": int((now - chat.created_at).total_seconds()),
        "lang": chat.lang,
        "questions": _questions(chat.sender_id),
    }


def _state(now: datetime) -> Dict[str, Any]:
    """The live page's news; asking it is the navigator's heartbeat."""
    current = settings()
    with session_scope(db_url()) as db:
        line.expire(db, now, current.live_timing)
        available = line.navigator_seen(db, g.user.id, now)
        waiting = line.waiting(db)
        mine = line.accepted_by(db, g.user.id)
        return {
            "available": available,
            "office_hours": current.office_hours.open_at(now),
            "waiting": [_waiting_json(chat, now) for chat in waiting],
            "mine": [
                {
                    "id": c.id,
                    "url": url_for("live.chat", chat_id=c.id),
                    "alert": c.alert_at is not None,
                }
                for c in mine
            ],
        }


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    state = _state(_now())
    return render_template("live.html", state=state, hours=settings().live_hours)


@blueprint.get("/state")
@login_required
def state():  # type: ignore[no-untyped-def]
    return jsonify(_state(_now()))


@blueprint.post("/availability")
@login_required
def availability():  # type: ignore[no-untyped-def]
    available = request.form.get("available") == "1"
    with session_scope(db_url()) as db:
        line.set_available(db, g.user.id, available, _now())
        record(db, g.user.id, "live.available" if available else "live.unavailable")
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"available": available})
    return redirect(url_for("live.index"))


@blueprint.post("/chats/<int:chat_id>/accept")
@login_required
def accept(chat_id: int):  # type: ignore[no-untyped-def]
    name = g.user.shown_name
    with session_scope(db_url()) as db:
        won = line.claim(db, chat_id, g.user.id, name, _now())
        chat = db.get(LiveChat, chat_id) if won else None
        sender = chat.sender_id if chat is not None else ""
        lang = chat.lang if chat is not None else ENGLISH
    if not won:
        flash("Another care navigator accepted that chat, or the patient is no longer waiting.")
        return redirect(url_for("live.index"))
    try:
        rasa_api.append_events(settings(), sender, joined(name, lang))
    except rasa_api.RasaApiError as error:
        with session_scope(db_url()) as db:
            line.release(db, chat_id)  # back in line: the assistant answers meanwhile
        undo_pause(sender)
        flash(f"The chat could not be opened ({error}); the patient is still waiting.")
        return redirect(url_for("live.index"))
    with session_scope(db_url()) as db:
        record(db, g.user.id, "live.accepted", f"chat {chat_id}")
    return redirect(url_for("live.chat", chat_id=chat_id))


def _my_chat(chat_id: int) -> LiveChat:
    """The chat, if this navigator took it; working on it keeps them on duty (a chat
    whose navigator is not seen is handed back to the assistant)."""
    with session_scope(db_url()) as db:
        chat = db.get(LiveChat, chat_id)
        if chat is None or chat.navigator_id != g.user.id:
            abort(404)  # not theirs: not even whether it exists
        line.navigator_seen(db, g.user.id, _now())
    return chat


@blueprint.get("/chats/<int:chat_id>")
@login_required
def chat(chat_id: int):  # type: ignore[no-untyped-def]
    current = _my_chat(chat_id)
    with get_engine(tracker_url()).connect() as connection:
        turns, cursor = turns_after(connection, current.sender_id, 0)
    return render_template("live_chat.html", chat=current, turns=turns, cursor=cursor)


@blueprint.get("/chats/<int:chat_id>/feed")
@login_required
def feed(chat_id: int):  # type: ignore[no-untyped-def]
    current = _my_chat(chat_id)
    after = request.args.get("after", default=0, type=int)
    with get_engine(tracker_url()).connect() as connection:
        turns, cursor = turns_after(connection, current.sender_id, max(after, 0))
    return jsonify(
        {
            "status": current.status,
            "alert": current.alert_at is not None,
            "cursor": cursor,
            "turns": [turn_json(t) for t in turns],
        }
    )


@blueprint.post("/chats/<int:chat_id>/messages")
@login_required
def send(chat_id: int):  # type: ignore[no-untyped-def]
    current = _my_chat(chat_id)
    text = (request.form.get("message") or "").strip()
    wants_json = request.accept_mimetypes.best == "application/json"
    problem = None
    if current.status != LiveStatus.ACTIVE.value:
        problem = "This chat has ended."
    elif not text:
        problem = "Type a message first."
    elif len(text) > MAX_MESSAGE:
        problem = f"Messages are at most {MAX_MESSAGE:,} characters; send it in parts."
    if problem is None:
        said = said_by_navigator(
            current.navigator_name or g.user.shown_name, text, most_likely(text)
        )
        try:
            rasa_api.append_events(settings(), current.sender_id, [said])
        except rasa_api.RasaApiError as error:
            problem = f"Not sent ({error}); please try again."
    if problem is None:
        with session_scope(db_url()) as db:
            record(db, g.user.id, "live.message", f"chat {chat_id}")
    if wants_json:
        return jsonify({"sent": problem is None, "error": problem}), (
            200 if problem is None else 409
        )
    if problem:
        flash(problem)
    return redirect(url_for("live.chat", chat_id=chat_id))


@blueprint.post("/chats/<int:chat_id>/end")
@login_required
def end(chat_id: int):  # type: ignore[no-untyped-def]
    current = _my_chat(chat_id)
    try:
        handed_back = hand_back(current)
    except rasa_api.RasaApiError as error:
        pause_again(current.sender_id)  # the chat stays theirs: keep the assistant quiet
        flash(f"The chat could not be handed back ({error}); please try again.")
        return redirect(url_for("live.chat", chat_id=chat_id))
    if handed_back:
        with session_scope(db_url()) as db:
            record(db, g.user.id, "live.ended", f"chat {chat_id}")
    return redirect(url_for("live.index"))
