"""The knowledge base handed to the answer action: the stored pages plus the term index.

Passages are chosen on the English page (its anchors and terms); a page in another
language gives the same passages in its own words (``mirror_pieces``).

Built once per process on first use (``load_knowledge``), never at import.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, Mapping, Tuple

from bot.content.answers import Answer, SentenceTerms, mirror_pieces, render, select_pieces
from bot.content.matcher import TermMatcher
from bot.content.page import Page, Section
from bot.content.store import load_pages
from bot.content.terms import TERMS
from bot.db import session_scope
from bot.language import ENGLISH
from bot.nlp import load_pipeline
from bot.settings import Settings


class PageKnowledge:
    """What the pages say, and which English sentences mention which terms."""

    def __init__(self, pages: Mapping[str, Page], matcher: TermMatcher) -> None:
        self.pages = dict(pages)
        self.page = self.pages[ENGLISH]
        self.matcher = matcher
        self.sentence_terms: SentenceTerms = self._index_sentences()

    def _index_sentences(self) -> Dict[Tuple[str, int, int], FrozenSet[str]]:
        index = {}
        for section in self.page.sections:
            for i, passage in enumerate(section.passages):
                for j, sentence in enumerate(passage.sentences):
                    index[(section.id, i, j)] = self.matcher.terms_in(sentence)
        return index

    def answer(
        self, intent: str, terms: Iterable[str] = (), language: str = ENGLISH
    ) -> Answer | None:
        """The page text for ``intent``, narrowed to ``terms`` (ids from bot.content.terms),
        from the page in ``language`` when there is one, else from the English page."""
        known = sorted(t for t in terms if t in TERMS)
        selected = select_pieces(self.page, intent, known, self.sentence_terms)
        if selected is None:
            return None
        section, pieces = selected
        mirror = self._section_in(language, section.id)
        if mirror is None:
            return render(section, pieces)
        return render(mirror, mirror_pieces(pieces, section, mirror), language)

    def _section_in(self, language: str, section_id: str) -> Section | None:
        translation = self.pages.get(language) if language != ENGLISH else None
        if translation is None:
            return None
        try:
            return translation.section(section_id)
        except KeyError:  # a translation without this section: the English one answers
            return None

    def invitation_in(self, language: str) -> str | None:
        """The page's invitation to talk to someone, from the page in ``language`` only."""
        page = self.pages.get(language)
        return page.invitation if page is not None else None


@lru_cache(maxsize=4)
def load_knowledge(settings: Settings) -> PageKnowledge:
    """The knowledge base for these settings, built on first use and then reused."""
    with session_scope(settings.resolved_database_url) as session:
        pages = load_pages(session)
    return PageKnowledge(pages, TermMatcher(load_pipeline(settings.spacy_pipeline_dir)))
