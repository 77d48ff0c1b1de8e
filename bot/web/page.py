"""The patient page: the dystonia page rendered from the content store.

It stands in for the hospital's own page; each section's anchor is its contract id
(``/#causes``), which answers link to.
"""

from __future__ import annotations

from typing import List, Tuple

from flask import Blueprint, render_template

from bot.content.page import Section
from bot.content.store import load_page
from bot.db import session_scope
from bot.web.auth import db_url, settings

blueprint = Blueprint("page", __name__)

Block = Tuple[str, List[str]]  # ("p", [text]) or ("ul", [bullet, ...])


def blocks(section: Section) -> List[Block]:
    """Paragraphs as they stand; consecutive bullets as one list."""
    out: List[Block] = []
    for passage in section.passages:
        if passage.kind == "bullet" and out and out[-1][0] == "ul":
            out[-1][1].append(passage.text)
        else:
            out.append(("ul" if passage.kind == "bullet" else "p", [passage.text]))
    return out


@blueprint.get("/")
def index():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        page = load_page(db)
    sections = [(s.id, s.heading, blocks(s)) for s in page.sections]
    return render_template(
        "page.html", sections=sections, invitation=page.invitation, title=settings().page_title
    )
