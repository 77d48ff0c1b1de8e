"""Staff login and logout; decorators that keep every staff page behind a session.

The cookie carries only a random session token; the session itself lives in the
database (``bot.staff.sessions``), so ending it there ends it everywhere at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
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
from bot.staff.models import SessionEnd, StaffUser
from bot.staff.sessions import Timeouts, end_session, open_session, user_for_session
from bot.web.limits import limiter, login_limit

blueprint = Blueprint("auth", __name__, url_prefix="/staff")
# One message for every failed login: it must not tell which usernames exist.
LOGIN_FAILED = "That username and password did not work. After 5 tries an account waits 15 minutes."


def settings() -> Settings:
    return current_app.config["LETSCHAT"]


def db_url() -> str:
    return settings().resolved_database_url


def timeouts() -> Timeouts:
    current = settings()
    return Timeouts(
        idle=timedelta(minutes=current.staff_idle_minutes),
        absolute=timedelta(hours=current.staff_session_hours),
    )


def current_user() -> StaffUser | None:
    """The logged-in user, or for the JSON API the owner of the bearer token."""
    token = session.get("sid")
    header = request.headers.get("Authorization", "")
    now = datetime.now(timezone.utc)
    with session_scope(db_url()) as db:
        if isinstance(token, str):
            return user_for_session(db, token, now, timeouts())
        if request.path.startswith("/staff/api/") and header.startswith("Bearer "):
            return user_for_token(db, header[len("Bearer ") :].strip(), now)
    return None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            session.pop("sid", None)
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
@limiter.limit(login_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return render_template("login.html", error=None)
    username = request.form.get("username", "")
    with session_scope(db_url()) as db:
        user = authenticate(db, username, request.form.get("password", "")).user
        token = open_session(db, user, datetime.now(timezone.utc)) if user else None
        record(db, user.id if user else None, "login" if user else "login.failed", username[:64])
    if token is None:
        return render_template("login.html", error=LOGIN_FAILED), 401
    previous = session.get("sid")
    if isinstance(previous, str):  # a copy of the old cookie must not stay signed in
        with session_scope(db_url()) as db:
            end_session(db, previous, SessionEnd.LOGOUT, datetime.now(timezone.utc))
    session.clear()
    session["sid"] = token
    session.permanent = True
    target = request.args.get("next", "")
    return redirect(target if target.startswith("/staff/") else url_for("staff_home"))


@blueprint.errorhandler(429)
def too_many_logins(_error: Exception):  # type: ignore[no-untyped-def]
    return render_template("login.html", error=LOGIN_FAILED), 429


@blueprint.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        end_session(db, session.get("sid", ""), SessionEnd.LOGOUT, datetime.now(timezone.utc))
        record(db, g.user.id, "logout", "")
    session.clear()
    return redirect(url_for("auth.login"))
