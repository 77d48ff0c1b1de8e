"""``python -m bot.conversations rebuild [--all]``: derive the console's read model from the
tracker store's events, with a progress bar.

Without ``--all`` only conversations whose row is missing or behind their events are
derived (what start-up does too); ``--all`` derives every one again, e.g. after a
release changes what a row holds. Either is idempotent and safe while Rasa serves.
"""

from __future__ import annotations

import argparse
import sys
from typing import List

from sqlalchemy import create_engine
from tqdm import tqdm

from bot.conversations.upkeep import rebuild
from bot.preflight import problem, shown, stores
from bot.settings import get_settings


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.conversations", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    rebuilding = commands.add_parser("rebuild", help="derive the read model from the events")
    rebuilding.add_argument(
        "--all", action="store_true", help="every conversation, not only stale ones"
    )
    args = parser.parse_args(argv)

    settings = get_settings()
    url = settings.resolved_tracker_store_url
    tracker_store = next(s for s in stores(settings) if s.url == url)
    refusal = problem(tracker_store)
    if refusal:
        print(f"cannot rebuild: {refusal}", file=sys.stderr)
        return 1
    engine = create_engine(url)
    try:
        with tqdm(unit="conversation", desc="read model") as progress:
            done = rebuild(engine, everything=args.all, progress=progress)
    finally:
        engine.dispose()
    print(
        f"{shown(url)}: {done.conversations} conversations derived, {done.written} rows "
        f"written, {done.removed} rows without events removed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
