"""The analytics page: activity per day, answers per section, fallback and handoff rates,
patients' ratings of answers per section.

Charts are SVG images drawn by matplotlib and served as images (never inlined), so
nothing in them can run in the page.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple

from flask import Blueprint, Response, abort, render_template, request

from bot.db import session_scope
from bot.feedback import feedback_by_section
from bot.staff.analytics import Figures, bar_chart_svg, figures
from bot.web.auth import db_url, login_required
from bot.web.conversations import find_conversations

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


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    rows = find_conversations(request.args)
    with session_scope(db_url()) as db:
        ratings = feedback_by_section(db, {row.sender_id for row in rows})
    return render_template(
        "analytics.html",
        data=figures(rows),
        ratings=ratings,
        charts=CHARTS,
        query=request.query_string.decode(),
    )


@blueprint.get("/<name>.svg")
@login_required
def chart(name: str):  # type: ignore[no-untyped-def]
    if name not in CHARTS:
        abort(404)
    title, bars, horizontal = CHARTS[name](figures(find_conversations(request.args)))
    return Response(bar_chart_svg(title, bars, horizontal), mimetype="image/svg+xml")
