"""What one request may cost: a body-size cap, a JSON nesting limit, rate limits.

Rate limits are Flask-Limiter's, counted in memory for the embedded default (expired
windows are dropped, so memory stays bounded) or in Redis when several web processes
must share them (``rate_limit_storage_url``). The client address they key on is the one
waitress took from a trusted proxy's X-Forwarded-For (see ``bot.web.__main__``).
"""

from __future__ import annotations

from flask import Flask, abort, current_app, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from bot.settings import Settings

MAX_BODY_BYTES = 64 * 1024  # a chat message is at most 1,000 characters
MAX_JSON_DEPTH = 8  # the widget sends flat objects
JSON_PATHS = ("/chat/", "/staff/api/")

limiter = Limiter(key_func=get_remote_address, headers_enabled=False)


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it (parsing
    very deep input is what fails)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _settings() -> Settings:
    return current_app.config["LETSCHAT"]


def chat_limit() -> str:
    return f"{_settings().chat_session_limit} per minute"


def address_limit() -> str:
    return f"{_settings().chat_address_limit} per minute"


def login_limit() -> str:
    return f"{_settings().login_address_limit} per minute"


def chat_session_key() -> str:
    """The widget's session id (checked later by the view), else the address."""
    body = request.get_json(silent=True)
    session = body.get("session") if isinstance(body, dict) else None
    return f"session:{session}" if isinstance(session, str) else get_remote_address()


def _check_json_depth() -> None:
    deep = request.is_json and request.path.startswith(JSON_PATHS)
    if deep and json_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH:
        abort(400, description="That JSON nests too deeply.")


def _as_json_when_api(error: HTTPException):  # type: ignore[no-untyped-def]
    """Errors on JSON endpoints answer JSON with a message; pages keep Flask's page."""
    if request.path.startswith(JSON_PATHS):
        return jsonify({"error": error.description}), error.code
    return error


def install(app: Flask, settings: Settings) -> None:
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        RATELIMIT_STORAGE_URI=settings.rate_limit_storage_url,
        RATELIMIT_KEY_PREFIX="letschat",
        RATELIMIT_STRATEGY="moving-window",  # no burst of twice the limit at a window edge
    )
    app.before_request(_check_json_depth)  # before the limiter reads the body
    limiter.init_app(app)
    for code in (400, 413):
        app.register_error_handler(code, _as_json_when_api)
