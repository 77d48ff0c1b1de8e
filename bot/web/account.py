"""A staff member's own account: change the password, issue or revoke an API token."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from bot.db import session_scope
from bot.staff.accounts import (
    AccountError,
    change_own_password,
    confirm_password,
    new_api_token,
    revoke_api_token,
)
from bot.staff.audit import record
from bot.staff.models import StaffUser
from bot.staff.sessions import open_session
from bot.web.auth import db_url, login_required, settings

blueprint = Blueprint("account", __name__, url_prefix="/staff/account")


@blueprint.get("/")
@login_required
def show():  # type: ignore[no-untyped-def]
    return render_template("account.html", user=g.user, token=None)


@blueprint.post("/")
@login_required
def update():  # type: ignore[no-untyped-def]
    action = request.form.get("action", "")
    now = datetime.now(timezone.utc)
    token = None
    try:
        with session_scope(db_url()) as db:
            user = db.get(StaffUser, g.user.id)
            if action == "password":
                change_own_password(
                    db, user, request.form.get("current", ""), request.form.get("new", ""), now
                )
                record(db, user.id, "password.changed", user.username)
                # Every session of this user ended, this one too: start a fresh one here.
                session["sid"] = open_session(db, user, now)
                flash("Password changed. Every other session of yours has been logged out.")
            elif action == "token":
                confirm_password(db, user, request.form.get("current", ""), now)
                lifetime = timedelta(days=settings().api_token_days)
                token = new_api_token(user, now, lifetime)
                record(db, user.id, "api_token.issued", user.username)
            elif action == "revoke-token":
                revoke_api_token(user)
                record(db, user.id, "api_token.revoked", user.username)
                flash("Your API token no longer works.")
    except AccountError as error:
        flash(f"Nothing changed: {error}.")
    if token:  # shown once, in this answer only (never stored in the cookie)
        return render_template("account.html", user=user, token=token)
    return redirect(url_for("account.show"))
