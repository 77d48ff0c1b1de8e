"""The handoff queue for care navigators; contact details appear only here, audited."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from bot.db import session_scope
from bot.handoff.contact import Contact
from bot.handoff.models import STATUSES
from bot.handoff.queue import QueueError, add_note, assign, by_status, get_request, set_status
from bot.language import LANGUAGE_NAMES, SUPPORTED
from bot.staff.audit import record
from bot.web.auth import db_url, login_required

blueprint = Blueprint("handoffs", __name__, url_prefix="/staff/handoffs")


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    language = request.args.get("language") or None
    if language is not None and language not in SUPPORTED:
        abort(400, description=f"language must be one of {', '.join(SUPPORTED)}")
    with session_scope(db_url()) as db:
        queue = by_status(db, language)
        listed = sum(len(items) for items in queue.values())
        record(db, g.user.id, "handoff.queue_viewed", f"{listed} requests")
    return render_template(
        "handoffs.html",
        queue=queue,
        statuses=STATUSES,
        language=language,
        language_names=LANGUAGE_NAMES,
    )


@blueprint.get("/<reference>")
@login_required
def show(reference: str):  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        item = get_request(db, reference)
        if item is None:
            abort(404)
        record(db, g.user.id, "handoff.contact_viewed", reference)
        contact = Contact(item.contact_kind, item.contact).display
        notes = [(n.created_at, n.author_id, n.text) for n in item.notes]
        sections = json.loads(item.sections_asked or "[]")
    return render_template(
        "handoff.html",
        item=item,
        contact=contact,
        notes=notes,
        sections=sections,
        statuses=STATUSES,
        language_names=LANGUAGE_NAMES,
    )


@blueprint.post("/<reference>")
@login_required
def update(reference: str):  # type: ignore[no-untyped-def]
    action = request.form.get("action", "")
    with session_scope(db_url()) as db:
        item = get_request(db, reference)
        if item is None:
            abort(404)
        try:
            if action == "assign":
                assign(item, g.user.id)
            elif action == "status":
                set_status(item, request.form.get("status", ""))
            elif action == "note":
                add_note(db, item, g.user.id, request.form.get("note", ""))
            else:
                raise QueueError("unknown action")
        except QueueError as error:
            flash(str(error))
        else:
            record(db, g.user.id, f"handoff.{action}", reference)
    return redirect(url_for("handoffs.show", reference=reference))
