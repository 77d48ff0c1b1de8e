"""The patient page: the dystonia page rendered from the content store.

It stands in for the hospital's own page; each section's anchor is its contract id
(``/#causes``), which answers link to.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from flask import Blueprint, render_template, request

from bot.content.page import Section
from bot.content.store import load_page
from bot.db import session_scope
from bot.language import SUPPORTED
from bot.web import chat
from bot.web.auth import db_url, settings

blueprint = Blueprint("page", __name__)

CHAT_PROMPT = re.compile(r"\s*Let[’']s chat\.?\s*$")
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
    current = settings()
    return render_template(
        "page.html",
        sections=sections,
        invitation=_without_chat_prompt(page.invitation),
        title=current.page_title,
        phone=current.hospital_phone,
        chat_prefix=chat.blueprint.url_prefix,
        # ?lang=es shows the widget as a Spanish page would host it (data-lang)
        widget_lang=request.args.get("lang") if request.args.get("lang") in SUPPORTED else None,
    )


def _without_chat_prompt(invitation: str | None) -> str | None:
    """The invitation ends "Let's chat."; the button that opens the chat stands there."""
    if invitation is None:
        return None
    return CHAT_PROMPT.sub("", invitation).rstrip()
