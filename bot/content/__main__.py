"""``python -m bot.content build``: parse the page copy and replace the content store."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Sequence

from bot.content.page import ContentError, parse_page
from bot.content.store import build_store, source_digest
from bot.nlp import load_pipeline, split_sentences
from bot.settings import get_settings


def build(source: Path, db_url: str, pipeline_dir: Path) -> int:
    text = source.read_text(encoding="utf-8")
    page = parse_page(text)  # raises before the store is touched
    nlp = load_pipeline(pipeline_dir)
    return build_store(page, db_url, partial(split_sentences, nlp), source_digest(text))


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.content")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--source", type=Path, default=settings.content_source)
    parser.add_argument("--db-url", default=settings.resolved_database_url)
    args = parser.parse_args(argv)
    try:
        count = build(args.source, args.db_url, settings.spacy_pipeline_dir)
    except (ContentError, OSError) as error:
        print(f"content not built: {args.source}: {error}", file=sys.stderr)
        return 1
    print(f"content store built from {args.source}: {count} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
