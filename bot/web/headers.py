"""Security headers on every answer (flask-talisman) and no caching of PHI.

The CSP allows scripts and styles from this origin only: the widget and the console
have no inline script or style. Pages may not be framed. HSTS is sent only when the
hospital serves the app over HTTPS (``web_https``), on every answer.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_talisman import Talisman

from bot.settings import Settings

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Answers that carry patient or staff data: never kept by a browser or a proxy cache.
PRIVATE_PATHS = ("/staff/", "/chat/")
HSTS = "max-age=31536000; includeSubDomains"


def _no_store(response: Response) -> Response:
    if request.path.startswith(PRIVATE_PATHS):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _hsts(response: Response) -> Response:
    # Sent on every answer when the hospital says it serves HTTPS: Talisman would send
    # it only when the request looks secure, which needs the proxy settings as well.
    response.headers["Strict-Transport-Security"] = HSTS
    return response


def install(app: Flask, settings: Settings) -> None:
    Talisman(
        app,
        force_https=False,  # TLS ends at the hospital's proxy; it redirects
        strict_transport_security=False,  # _hsts below
        session_cookie_secure=settings.web_https,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="same-origin",
    )
    app.after_request(_no_store)
    if settings.web_https:
        app.after_request(_hsts)
