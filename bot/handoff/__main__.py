"""``python -m bot.handoff list [--json] [--status new] [--language es]``: handoff
requests for staff, as the console's queue lists them.

Text is printed as the patient typed it (control characters shown escaped), never as
markup.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Sequence

from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.handoff.models import STATUSES
from bot.handoff.store import as_dict, list_requests
from bot.language import SUPPORTED
from bot.settings import get_settings

COLUMNS = (
    "reference",
    "status",
    "created_at",
    "language",
    "name",
    "contact",
    "best_time",
    "need",
)


def _printable(value: object) -> str:
    text = str(value)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def table(rows: List[dict]) -> str:
    if not rows:
        return "no handoff requests"
    cells = [[_printable(row[c]) for c in COLUMNS] for row in rows]
    widths = [min(40, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(COLUMNS)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True))

    return "\n".join([line(COLUMNS), line(["-" * w for w in widths])] + [line(r) for r in cells])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.handoff")
    parser.add_argument("command", choices=["list"])
    parser.add_argument("--json", action="store_true", help="export as JSON")
    parser.add_argument("--status", choices=STATUSES)
    parser.add_argument("--language", choices=SUPPORTED, help="the patient's language")
    args = parser.parse_args(argv)
    url = get_settings().resolved_database_url
    upgrade(url)
    with session_scope(url) as session:
        rows = [as_dict(r) for r in list_requests(session, args.status, args.language)]
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
