"""``python -m bot.content build``: parse the page copies and replace the content store.

``--source`` is one page or a folder of pages (``data/content``): ``NAME.txt`` is the
English page, ``NAME.es.txt`` the same page in Spanish.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import List, Sequence

from bot.content.page import ContentError, parse_page
from bot.content.store import PageSource, build_store, source_digest
from bot.language import ENGLISH, SUPPORTED
from bot.nlp import load_pipeline, split_sentences
from bot.settings import get_settings


def page_language(path: Path) -> str:
    """``page.es.txt`` is Spanish; a page without a language suffix is English."""
    suffixes = path.suffixes
    code = suffixes[-2].lstrip(".") if len(suffixes) >= 2 else ENGLISH
    if code not in SUPPORTED:
        raise ContentError(f"{path.name}: no supported language {code!r} ({', '.join(SUPPORTED)})")
    return code


def page_files(source: Path) -> List[Path]:
    if source.is_dir():
        return sorted(source.glob("*.txt"))
    return [source]


def read_pages(source: Path) -> List[PageSource]:
    """Every page under ``source``, parsed; raises before anything is stored."""
    pages = []
    for path in page_files(source):
        text = path.read_text(encoding="utf-8")
        try:
            page = parse_page(text, page_language(path))
        except ContentError as error:
            raise ContentError(f"{path.name}: {error}") from error
        pages.append((page, source_digest(text)))
    return pages


def build(source: Path, db_url: str, pipeline_dir: Path) -> int:
    pages = read_pages(source)
    nlp = load_pipeline(pipeline_dir)
    try:
        return build_store(pages, db_url, partial(split_sentences, nlp))
    except ValueError as error:  # no English page, or two pages in one language
        raise ContentError(str(error)) from error


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
