"""Figures for the analytics page, and charts drawn with matplotlib (SVG)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Tuple

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.conversations import ConversationFilter, Flag
from bot.conversations.queries import where
from bot.conversations.read_model import summaries, summary_sections


@dataclass
class Figures:
    conversations_per_day: Dict[date, int] = field(default_factory=dict)
    messages_per_day: Dict[date, int] = field(default_factory=dict)
    answers_per_section: Dict[str, int] = field(default_factory=dict)
    conversations: int = 0
    fallback_rate: float = 0.0
    handoff_rate: float = 0.0
    emergencies: int = 0


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def figures(connection: Connection, chosen: ConversationFilter) -> Figures:
    """The chosen conversations' figures, counted by the database (three queries)."""
    condition = where(chosen)
    per_day = connection.execute(
        select(summaries.c.started_day, func.count(), func.sum(summaries.c.turns))
        .where(condition)
        .group_by(summaries.c.started_day)
        .order_by(summaries.c.started_day)
    ).all()
    flagged = connection.execute(
        select(*(func.count().filter(summaries.c[flag.value].is_(True)) for flag in Flag)).where(
            condition
        )
    ).one()
    sections = connection.execute(
        select(summary_sections.c.section, func.count())
        .join(summaries, summaries.c.sender_id == summary_sections.c.sender_id)
        .where(condition)
        .group_by(summary_sections.c.section)
        .order_by(func.count().desc(), summary_sections.c.section)
    ).all()
    total = sum(n for _, n, _ in per_day)
    counts = dict(zip((flag.value for flag in Flag), flagged, strict=True))
    return Figures(
        conversations_per_day={_as_date(day): n for day, n, _ in per_day},
        messages_per_day={_as_date(day): int(turns or 0) for day, _, turns in per_day},
        answers_per_section={section: n for section, n in sections},
        conversations=total,
        fallback_rate=counts[Flag.FALLBACK.value] / total if total else 0.0,
        handoff_rate=counts[Flag.HANDOFF.value] / total if total else 0.0,
        emergencies=counts[Flag.EMERGENCY.value],
    )


def bar_chart_svg(title: str, bars: List[Tuple[str, int]], horizontal: bool = False) -> str:
    """A labelled bar chart as an SVG document (matplotlib, Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels = [label for label, _ in bars] or ["none"]
    values = [value for _, value in bars] or [0]
    figure, axes = pyplot.subplots(figsize=(7, 3.2))
    try:
        if horizontal:
            axes.barh(labels, values, color="#0b3d6b")
            axes.invert_yaxis()
        else:
            axes.bar(labels, values, color="#0b3d6b")
            axes.tick_params(axis="x", labelrotation=45)
        axes.set_title(title)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg")
        return out.getvalue()
    finally:
        pyplot.close(figure)
