"""The analytics page: activity per day, answers per section, fallback and handoff rates,
patients' ratings of answers per section.

Charts are SVG images drawn by matplotlib and served as images (never inlined), so
nothing in them can run in the page.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple

from flask import Blueprint, Response, abort, render_template, request
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.conversations import ConversationFilter
from bot.conversations.queries import chosen_among
from bot.db import session_scope
from bot.feedback import SectionFeedback, feedback_by_section, senders_with_feedback
from bot.staff.analytics import Figures, bar_chart_svg, figures
from bot.web.auth import db_url, login_required
from bot.web.conversations import chosen_filter, tracker_engine

blueprint = Blueprint("analytics", __name__, url_prefix="/staff/analytics")

Bars = Callable[[Figures], Tuple[str, List[Tuple[str, int]], bool]]
CHARTS: Dict[str, Bars] = {
    "conversations": lambda f: (
        "Conversations per day",
        [(d.isoformat(), n) for d, n in f.conversations_per_day.items()],
        False,
    ),
    "messages": lambda f: (
        "Patient messages per day",
        [(d.isoformat(), n) for d, n in f.messages_per_day.items()],
        False,
    ),
    "sections": lambda f: (
        "Conversations answered from each section",
        list(f.answers_per_section.items()),
        True,
    ),
}


def rated_sections(
    db: Session, connection: Connection, chosen: ConversationFilter
) -> Dict[str, SectionFeedback]:
    """Thumbs per section, of every conversation or (filtered) of the chosen ones."""
    if chosen == ConversationFilter():
        return feedback_by_section(db)
    return feedback_by_section(db, chosen_among(connection, chosen, senders_with_feedback(db)))


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db, tracker_engine().connect() as connection:
        chosen = chosen_filter(db, request.args)
        data = figures(connection, chosen)
        ratings = rated_sections(db, connection, chosen)
    return render_template(
        "analytics.html",
        data=data,
        ratings=ratings,
        charts=CHARTS,
        query=request.query_string.decode(),
    )


@blueprint.get("/<name>.svg")
@login_required
def chart(name: str):  # type: ignore[no-untyped-def]
    if name not in CHARTS:
        abort(404)
    with session_scope(db_url()) as db, tracker_engine().connect() as connection:
        data = figures(connection, chosen_filter(db, request.args))
    title, bars, horizontal = CHARTS[name](data)
    return Response(bar_chart_svg(title, bars, horizontal), mimetype="image/svg+xml")
