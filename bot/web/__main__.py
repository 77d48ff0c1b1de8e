"""``python -m bot.web``: serve the web app with waitress on ``settings.web_host:web_port``."""

from __future__ import annotations

from typing import Any, Dict

from waitress import serve

from bot.settings import Settings, get_settings
from bot.web import create_app
from bot.web.limits import MAX_BODY_BYTES


def waitress_options(settings: Settings) -> Dict[str, Any]:
    """waitress itself reads the proxy headers (it drops them from untrusted peers before
    the app could see them) and refuses oversized bodies before reading them."""
    options: Dict[str, Any] = {
        "host": settings.web_host,
        "port": settings.web_port,
        "threads": 8,
        "max_request_body_size": MAX_BODY_BYTES,
        "ident": "letschat",  # no server version in the Server header
    }
    if settings.web_proxies:
        options.update(
            trusted_proxy=settings.web_trusted_proxy,
            trusted_proxy_count=settings.web_proxies,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
            clear_untrusted_proxy_headers=True,
        )
    return options


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), **waitress_options(settings))


if __name__ == "__main__":
    main()
