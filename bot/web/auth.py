"""Staff login and logout; decorators that keep every staff page behind a session."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from bot.db import session_scope
from bot.settings import Settings
from bot.staff.accounts import authenticate, user_for_token
from bot.staff.audit import record
from bot.staff.models import StaffUser

blueprint = Blueprint("auth", __name__, url_prefix="/staff")


def settings() -> Settings:
    return current_app.config["LETSCHAT"]


def db_url() -> str:
    return settings().resolved_database_url


def current_user() -> StaffUser | None:
    """The logged-in user, or for the JSON API the owner of the bearer token."""
    user_id = session.get("user_id")
    header = request.headers.get("Authorization", "")
    with session_scope(db_url()) as db:
        if user_id is not None:
            return db.get(StaffUser, user_id)
        if request.path.startswith("/staff/api/") and header.startswith("Bearer "):
            return user_for_token(db, header[len("Bearer ") :].strip())
    return None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            if request.path.startswith("/staff/api/"):
                abort(401)
            return redirect(url_for("auth.login", next=request.path))
        g.user = user
        return view(*args, **kwargs)

    return wrapped


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@blueprint.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    error = None
    if request.method == "POST":
        username = request.form.get("username", "")
        with session_scope(db_url()) as db:
            result = authenticate(db, username, request.form.get("password", ""))
            user_id = result.user.id if result.user else None
            record(db, user_id, "login" if user_id else "login.failed", username[:64])
        if user_id is not None:
            session.clear()
            session["user_id"] = user_id
            session.permanent = True  # expires after the configured lifetime
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/staff/") else url_for("staff_home"))
        error = (
            "Too many failed attempts: try again in 15 minutes."
            if result.locked
            else "Wrong username or password."
        )
    return render_template("login.html", error=error), (401 if error else 200)


@blueprint.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    session.clear()
    return redirect(url_for("auth.login"))
