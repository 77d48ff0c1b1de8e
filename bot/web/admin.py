"""Admin pages: staff accounts, the audit log, and the redacted conversation export."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.conversations import all_turns, slot_values
from bot.db import get_engine, session_scope
from bot.handoff.contact import Contact
from bot.handoff.models import HandoffRequest
from bot.nlp import load_pipeline
from bot.staff.accounts import AccountError, create_user
from bot.staff.audit import recent, record
from bot.staff.models import ROLES, StaffUser
from bot.staff.redaction import Redactor
from bot.staff.retention import purge_older_than
from bot.web.auth import admin_required, db_url, settings
from bot.web.conversations import tracker_url

blueprint = Blueprint("admin", __name__, url_prefix="/staff/admin")
EXPORT_COLUMNS = ("conversation", "time", "who", "text", "intent", "confidence", "kind", "section")


@blueprint.route("/users", methods=["GET", "POST"])
@admin_required
def users():  # type: ignore[no-untyped-def]
    if request.method == "POST":
        try:
            with session_scope(db_url()) as db:
                user = create_user(
                    db,
                    request.form.get("username", ""),
                    request.form.get("role", ""),
                    request.form.get("password", ""),
                )
                record(db, g.user.id, "user.created", f"{user.username} ({user.role})")
        except AccountError as error:
            flash(str(error))
        return redirect(url_for("admin.users"))
    with session_scope(db_url()) as db:
        rows = [
            (u.username, u.role, u.created_at)
            for u in db.execute(select(StaffUser).order_by(StaffUser.username)).scalars()
        ]
    return render_template("admin_users.html", rows=rows, roles=ROLES)


@blueprint.route("/retention", methods=["GET", "POST"])
@admin_required
def retention():  # type: ignore[no-untyped-def]
    if request.method == "POST":
        days = request.form.get("days", type=int) or 0
        try:
            purged = purge_older_than(settings(), days, g.user.id)
        except ValueError as error:
            flash(f"Nothing purged: {error}.")
        else:
            flash(
                f"Purged {purged.conversations} conversations and {purged.handoffs} closed "
                f"handoff requests older than {days} days."
            )
        return redirect(url_for("admin.retention"))
    return render_template("admin_retention.html", days=settings().retention_days)


@blueprint.get("/audit")
@admin_required
def audit():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        names = {u.id: u.username for u in db.execute(select(StaffUser)).scalars()}
        entries = [(e.at, names.get(e.user_id, "-"), e.action, e.target) for e in recent(db)]
    return render_template("admin_audit.html", entries=entries)


def _known_values(connection) -> list:  # type: ignore[no-untyped-def]
    values = slot_values(connection, ("contact_name", "contact"))
    with session_scope(db_url()) as db:
        for item in db.execute(select(HandoffRequest)).scalars():
            values += [item.name, item.contact, Contact(item.contact_kind, item.contact).display]
    return values


@blueprint.get("/export/conversations.csv")
@admin_required
def export_conversations():  # type: ignore[no-untyped-def]
    engine = get_engine(tracker_url())  # one pool per process, not per request
    with engine.connect() as connection:
        turns = all_turns(connection)
        redactor = Redactor(load_pipeline(settings().spacy_pipeline_dir), _known_values(connection))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for sender, turn in turns:
        writer.writerow(
            [
                sender,
                turn.at.isoformat(),
                turn.who,
                redactor.redact(turn.text),
                turn.intent or "",
                "" if turn.confidence is None else f"{turn.confidence:.2f}",
                turn.kind or "",
                turn.section or "",
            ]
        )
    with session_scope(db_url()) as db:
        record(db, g.user.id, "conversations.exported", f"{len(turns)} messages, redacted")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=conversations-redacted.csv"},
    )
