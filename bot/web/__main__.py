"""``python -m bot.web``: serve the web app with waitress on ``settings.host:web_port``."""

from __future__ import annotations

from waitress import serve

from bot.settings import get_settings
from bot.web import create_app


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), host=settings.host, port=settings.web_port, threads=8)


if __name__ == "__main__":
    main()
