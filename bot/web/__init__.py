"""The web app (port 8000): the patient page and its chat widget, and the staff console.

``create_app(settings)`` builds a Flask app; tests pass their own settings. Database
migrations run at start-up (``python -m bot.web`` and ``make run``), here, once.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Dict

from flask import Flask, redirect, url_for
from flask_wtf.csrf import CSRFProtect

from bot.conversations.read_model import create_read_model
from bot.db import get_engine
from bot.db.migrate import upgrade
from bot.secret_files import generated_secret
from bot.settings import Settings, get_settings
from bot.web import headers, limits

STATIC = Path(__file__).parent / "static"  # the widget: letschat.js and letschat.css
SECRET_FILE = "web-secret-key"  # noqa: S105 (a file name, not a secret)


def secret_key(settings: Settings) -> str:
    """Signs session cookies: generated on first run, kept private under var/secrets."""
    return generated_secret(settings.secrets_dir, SECRET_FILE, 48)


def create_app(settings: Settings | None = None, overrides: Dict[str, Any] | None = None) -> Flask:
    settings = settings or get_settings()
    app = Flask(__name__, static_folder=str(STATIC))
    app.config.update(
        LETSCHAT=settings,
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.web_https,
        # The cookie outlives no session; the server ends sessions (bot.staff.sessions).
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.staff_session_hours),
        WTF_CSRF_TIME_LIMIT=None,  # the session's own timeout bounds the token
    )
    app.config.update(overrides or {})
    csrf = CSRFProtect(app)
    headers.install(app, settings)
    limits.install(app, settings)
    upgrade(settings.resolved_database_url)
    create_read_model(get_engine(settings.resolved_tracker_store_url))

    from bot.web import (
        account,
        admin,
        analytics,
        api,
        auth,
        chat,
        conversations,
        handoffs,
        health,
        live_patient,
        live_staff,
        page,
        unanswered,
    )
    from bot.web.auth import login_required

    app.register_blueprint(auth.blueprint)
    app.register_blueprint(account.blueprint)
    app.register_blueprint(conversations.blueprint)
    app.register_blueprint(handoffs.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(unanswered.blueprint)
    app.register_blueprint(analytics.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(chat.blueprint)
    app.register_blueprint(live_patient.blueprint)
    app.register_blueprint(live_staff.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(page.blueprint)
    csrf.exempt(chat.blueprint)  # JSON only: a cross-site form cannot send it
    csrf.exempt(live_patient.blueprint)

    @app.get("/staff/")
    @login_required
    def staff_home():  # type: ignore[no-untyped-def]
        return redirect(url_for("conversations.index"))

    return app
