"""Admin pages: staff accounts, the audit log, and the redacted conversation export."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from bot.conversations import all_turns, slot_values
from bot.db import get_engine, session_scope
from bot.handoff.contact import Contact
from bot.handoff.models import HandoffRequest
from bot.redaction import Redactor, session_ref
from bot.staff.accounts import (
    AccountError,
    create_user,
    revoke_api_token,
    set_disabled,
    set_password,
)
from bot.staff.audit import recent, record
from bot.staff.models import ROLES, StaffUser
from bot.staff.retention import purge_older_than
from bot.web.auth import admin_required, db_url, settings
from bot.web.conversations import tracker_url

blueprint = Blueprint("admin", __name__, url_prefix="/staff/admin")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = ("conversation", "time", "who", "text", "intent", "confidence", "kind", "section")


def safe_cell(value: str) -> str:
    """The value as text a spreadsheet shows but never runs: a leading quote if needed."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


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
        rows = list(db.execute(select(StaffUser).order_by(StaffUser.username)).scalars())
    return render_template("admin_users.html", rows=rows, roles=ROLES)


def _change_account(db, user: StaffUser, action: str, now: datetime) -> str:  # type: ignore[no-untyped-def]
    """Do ``action`` to ``user``; what to tell the admin."""
    if action in ("disable", "enable"):
        if user.id == g.user.id:
            raise AccountError("you cannot disable your own account")
        set_disabled(db, user, action == "disable", now)
        return f"{user.username} is {action}d."
    if action == "reset-password":
        if user.id == g.user.id:
            raise AccountError("change your own password on the account page")
        ended = set_password(db, user, request.form.get("password", ""), now)
        return f"{user.username} has a new password; {ended} open session(s) ended."
    if action == "revoke-token":
        revoke_api_token(user)
        return f"{user.username}'s API token no longer works."
    raise AccountError("unknown action")


@blueprint.post("/users/<int:user_id>")
@admin_required
def change_user(user_id: int):  # type: ignore[no-untyped-def]
    action = request.form.get("action", "")
    try:
        with session_scope(db_url()) as db:
            user = db.get(StaffUser, user_id)
            if user is None:
                abort(404)
            flash(_change_account(db, user, action, datetime.now(timezone.utc)))
            record(db, g.user.id, f"user.{action}", user.username)
    except AccountError as error:
        flash(f"Nothing changed: {error}.")
    return redirect(url_for("admin.users"))


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
        redactor = Redactor.with_known_values(_known_values(connection))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for sender, turn in turns:
        writer.writerow(
            safe_cell(value)
            for value in (
                session_ref(sender),  # the id itself would open the conversation's history
                turn.at.isoformat(),
                turn.who,
                redactor.redact(turn.text),
                turn.intent or "",
                "" if turn.confidence is None else f"{turn.confidence:.2f}",
                turn.kind or "",
                turn.section or "",
            )
        )
    with session_scope(db_url()) as db:
        record(db, g.user.id, "conversations.exported", f"{len(turns)} messages, redacted")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=conversations-redacted.csv"},
    )
