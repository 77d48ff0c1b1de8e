"""Figures for the analytics page, and charts drawn with matplotlib (SVG)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Sequence, Tuple

from bot.conversations import ConversationRow


@dataclass
class Figures:
    conversations_per_day: Dict[date, int] = field(default_factory=dict)
    messages_per_day: Dict[date, int] = field(default_factory=dict)
    answers_per_section: Dict[str, int] = field(default_factory=dict)
    conversations: int = 0
    fallback_rate: float = 0.0
    handoff_rate: float = 0.0
    emergencies: int = 0


def figures(rows: Sequence[ConversationRow]) -> Figures:
    per_day: Counter = Counter()
    messages: Counter = Counter()
    sections: Counter = Counter()
    for row in rows:
        day = row.started.date()
        per_day[day] += 1
        messages[day] += row.turns
        sections.update(row.sections)
    total = len(rows)
    flagged = Counter(flag for row in rows for flag in row.flags)
    return Figures(
        conversations_per_day=dict(sorted(per_day.items())),
        messages_per_day=dict(sorted(messages.items())),
        answers_per_section=dict(sections.most_common()),
        conversations=total,
        fallback_rate=flagged["fallback"] / total if total else 0.0,
        handoff_rate=flagged["handoff"] / total if total else 0.0,
        emergencies=flagged["emergency"],
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
