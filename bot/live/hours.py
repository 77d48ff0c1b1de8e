"""Office hours for live chat, as a hospital writes them: "Mon-Fri 08:00-17:00, Sat 09:00-12:00".

Outside them nobody is offered a live chat, whoever left their switch on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import FrozenSet, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


class HoursError(ValueError):
    """Office hours written in a way this cannot read; the message says how to write them."""


@dataclass(frozen=True)
class Span:
    days: FrozenSet[int]  # Monday is 0, as datetime.weekday()
    start: time
    end: time | None  # None: until midnight ("24:00")

    def covers(self, moment: datetime) -> bool:
        now = moment.time()
        return (
            moment.weekday() in self.days
            and now >= self.start
            and (self.end is None or now < self.end)
        )


@dataclass(frozen=True)
class OfficeHours:
    spans: Tuple[Span, ...]
    zone: ZoneInfo

    def open_at(self, moment: datetime) -> bool:
        """Whether ``moment`` (timezone-aware) falls in office hours, in the hospital's zone."""
        local = moment.astimezone(self.zone)
        return any(span.covers(local) for span in self.spans)


def _clock(text: str, field: str) -> time | None:
    hours, minutes = (int(part) for part in text.split(":"))
    if (hours, minutes) == (24, 0) and field == "end":
        return None
    if hours > 23 or minutes > 59:
        raise HoursError(f"{text} is not a time of day")
    return time(hours, minutes)


def _span(text: str) -> Span:
    match = _SPAN.match(text.lower())
    if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
        raise HoursError(
            f"cannot read office hours {text.strip()!r}: write them as "
            '"Mon-Fri 08:00-17:00, Sat 09:00-12:00"'
        )
    first = DAYS.index(match["first"])
    last = DAYS.index(match["last"]) if match["last"] else first
    days = frozenset(d % 7 for d in range(first, last + 1 if last >= first else last + 8))
    start, end = _clock(match["start"], "start"), _clock(match["end"], "end")
    if start is None or (end is not None and end <= start):
        raise HoursError(f"office hours {text.strip()!r} end before they start")
    return Span(days, start, end)


def parse_hours(text: str, zone: str) -> OfficeHours:
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise HoursError(f"unknown time zone {zone!r} (e.g. America/New_York)") from None
    spans = tuple(_span(part) for part in text.split(",") if part.strip())
    return OfficeHours(spans, tz)
